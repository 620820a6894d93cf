//! The Healthcheck Counter four ways, against the local slow-websites server, timed,
//! beside the talk's four Python programs on the same lists and the same server.
//!
//! Run it: cargo run --release -p lesson-02 --example healthcheck
//!
//!   -- --svg DIR   also draw each version's first run on the talk's list as a timeline,
//!                  DIR/healthcheck-<version>.svg (one lane per process, thread or task)
//!   -- --runs N    run each version N times (5 unless told), one run of each per round
//!   -- --all       also run sequential and processes on the long list: with their Python
//!                  twins, at least 24 minutes (the sum of their bounds, twice)
//!
//! It measures YOUR versions, from `exercises/lesson-02/`: a version you have not
//! written yet shows as such. Add `--features solution` to measure the reference
//! solutions instead. If `python3` and the packages of `python/requirements.txt` are
//! installed, the Python twins (`python/healthcheck.py`) run in the same rounds.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kit::rounds::plan;
use kit::server::SlowServer;
use kit::side_by_side::{self, Outcome};
use kit::sites::{Site, many_sites, talk_sites};
use kit::timeline::{Chart, Timeline};
use kit::twin::{self, Twin};
use lesson_02::{Counts, Error, processes, sequential, to_json, with_tasks, with_threads};
use std::io::IsTerminal;
use std::panic;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// As many processes as the talk's subprocess checker used.
const WORKERS: usize = 3;
/// The long list: enough sites that starting threads begins to cost something.
const MANY: usize = 2000;
/// How many times each version runs, unless `--runs` says otherwise.
const ROUNDS: usize = 5;
/// The Python twins: the talk's four programs, in one script.
const SCRIPT: &str = "lessons/lesson-02/python/healthcheck.py";

const USAGE: &str = "usage: cargo run --release -p lesson-02 --example healthcheck \
     [-- [--svg DIR] [--runs N] [--all]]

  --svg DIR  draw each version's first run on the talk's list as DIR/healthcheck-<version>.svg
  --runs N   run each version N times (5 unless told), one run of each per round
  --all      also run sequential and processes on the long list: with the Python twins,
             at least 24 minutes";

/// One way to write the counter, what its timeline's lanes are, and its Python twin.
#[derive(Clone, Copy)]
struct Version {
    name: &'static str,
    /// The file name of its timeline, and the twin's argument.
    slug: &'static str,
    lanes: &'static str,
    run: fn(&[String]) -> Result<Counts, Error>,
    /// The least time it can take on a list, or `None` if that is the slowest site.
    /// Such a version runs once per list: each of its runs lands on that bound.
    queued: Option<fn(&[Site]) -> Duration>,
    /// The talk's program that does the same: its row's name, and the script's
    /// argument that runs it.
    twin: (&'static str, &'static str),
}

const SEQUENTIAL: Version = Version {
    name: "sequential",
    slug: "sequential",
    lanes: "one lane: the main thread",
    run: sequential::count_statuses,
    queued: Some(sum_of_delays),
    twin: ("sequential (requests)", "sequential"),
};
const PROCESSES: Version = Version {
    name: "3 processes",
    slug: "processes",
    lanes: "one lane per worker process",
    run: with_processes,
    queued: Some(slowest_slice),
    twin: ("3 subprocesses", "processes"),
};
const THREADS: Version = Version {
    name: "a thread per URL",
    slug: "threads",
    lanes: "one lane per thread",
    run: with_threads::count_statuses,
    queued: None,
    twin: ("a thread per URL, a Lock", "threads"),
};
const TASKS: Version = Version {
    name: "a task per URL (1 thread)",
    slug: "tasks",
    lanes: "one lane per task, all tasks on one thread",
    run: with_tasks,
    queued: None,
    twin: ("asyncio + aiohttp", "asyncio"),
};

fn with_processes(urls: &[String]) -> Result<Counts, Error> {
    processes::count_statuses(urls, WORKERS)
}

/// Async code needs a runtime to run on. One thread is enough: every request spends
/// its time waiting, and one thread can wait for all of them at once.
fn with_tasks(urls: &[String]) -> Result<Counts, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(with_tasks::count_statuses(urls))
}

struct Options {
    svg: Option<PathBuf>,
    rounds: usize,
    all: bool,
}

fn options() -> Option<Options> {
    let mut options = Options {
        svg: None,
        rounds: ROUNDS,
        all: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--svg" => options.svg = Some(args.next()?.into()),
            "--runs" => options.rounds = args.next()?.parse().ok().filter(|&n| n > 0)?,
            "--all" => options.all = true,
            _ => return None,
        }
    }
    Some(options)
}

fn main() -> ExitCode {
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    if processes::is_worker() {
        return processes::work(sequential::count_statuses);
    }
    let Some(options) = options() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    if let Some(dir) = &options.svg
        && let Err(error) = std::fs::create_dir_all(dir)
    {
        eprintln!("cannot create {}: {error}", dir.display());
        return ExitCode::FAILURE;
    }

    let server = SlowServer::start();
    let versions = [SEQUENTIAL, PROCESSES, THREADS, TASKS];
    let twins = twin::available(
        versions
            .iter()
            .map(|version| (version.twin.0, Twin::new(SCRIPT, &[version.twin.1])))
            .collect(),
    );
    let rounds = options.rounds;
    println!(
        "{};\nsequential and processes once per list: every run of theirs lands on its bound.\n",
        plan(rounds)
    );

    let talk = talk_sites();
    println!(
        "The talk's list: {} sites on {} (Healthcheck Counter talk: 31 sites)\n",
        talk.len(),
        server.base_url()
    );
    bounds(&talk);
    let svg = options.svg.as_deref();
    table(&server, &talk, &versions, &twins, svg, rounds);

    let many = many_sites(MANY, 1);
    println!("\nA long list: {MANY} sites\n");
    bounds(&many);
    if options.all {
        table(&server, &many, &versions, &twins, None, rounds);
    } else {
        table(&server, &many, &[THREADS, TASKS], &twins, None, rounds);
        for version in [SEQUENTIAL, PROCESSES] {
            let least = version.queued.map_or(Duration::ZERO, |bound| bound(&many));
            println!(
                "  {} (and its twin): not run (--all runs it): at least {:.2} s, {}",
                version.name,
                least.as_secs_f64(),
                if version.name == SEQUENTIAL.name {
                    "the sum of the delays"
                } else {
                    "the delays of its slowest slice"
                }
            );
        }
    }
    ExitCode::SUCCESS
}

/// The two physical limits: one after another takes the sum of the delays; all at
/// once, at least the longest one. Three sequential workers sit in between: the
/// run lasts as long as their slowest slice.
fn bounds(sites: &[Site]) {
    let slowest = sites
        .iter()
        .filter_map(Site::delay)
        .max()
        .unwrap_or_default();
    println!(
        "  sum of the delays (one after another): {:>6.2} s",
        sum_of_delays(sites).as_secs_f64()
    );
    println!(
        "  the slowest slice of {WORKERS} (3 processes):  {:>6.2} s",
        slowest_slice(sites).as_secs_f64()
    );
    println!(
        "  the slowest site (all at once):        {:>6.2} s\n",
        slowest.as_secs_f64()
    );
}

fn sum_of_delays(sites: &[Site]) -> Duration {
    sites.iter().filter_map(Site::delay).sum()
}

/// The sum of the delays of the slowest of the slices `processes::count_statuses`
/// deals to its workers.
fn slowest_slice(sites: &[Site]) -> Duration {
    let per_worker = sites.len().div_ceil(WORKERS).max(1);
    sites
        .chunks(per_worker)
        .map(sum_of_delays)
        .max()
        .unwrap_or_default()
}

/// Measures `versions` and their Python twins on `sites`, each Rust version followed
/// by its twin in the table, and prints the table.
fn table(
    server: &SlowServer,
    sites: &[Site],
    versions: &[Version],
    twins: &[(String, Twin)],
    svg: Option<&Path>,
    rounds: usize,
) {
    let urls = server.urls(sites);
    let mut lineup = Vec::new();
    for &version in versions {
        let rust = side_by_side::Version::new("Rust", version.name, rust_run(server, version, svg));
        let twin = twins.iter().find(|(name, _)| name == version.twin.0);
        let python = twin.map(|(name, twin)| {
            let (name, twin) = (name.clone(), twin.clone());
            side_by_side::Version::new("Python", name.clone(), move |urls: &[String]| {
                with_progress(server, &name, urls.len(), || {
                    side_by_side::twin_counts(&twin, urls)
                })
            })
        });
        for row in std::iter::once(rust).chain(python) {
            lineup.push(match version.queued {
                Some(_) => row.once(),
                None => row,
            });
        }
    }
    let rows = side_by_side::measure(server, &urls, &mut lineup, rounds);
    side_by_side::print_table(&rows);
}

/// One run of a Rust version, recorded on a timeline, with a progress bar; the
/// first run that counts is drawn if `svg` names a folder.
fn rust_run<'a>(
    server: &'a SlowServer,
    version: Version,
    svg: Option<&'a Path>,
) -> impl FnMut(&[String]) -> Outcome + 'a {
    let mut drawn = false;
    move |urls| {
        // Every version records on a timeline; only the drawing is optional.
        let timeline = Timeline::new();
        let outcome = {
            let _installed = timeline.install();
            with_progress(server, version.name, urls.len(), || {
                Outcome::of(|| (version.run)(urls).map(|counts| to_json(&counts)))
            })
        };
        if let (Some(dir), Outcome::Counted { elapsed, .. }, false) = (svg, &outcome, drawn) {
            drawn = true;
            let path = dir.join(format!("healthcheck-{}.svg", version.slug));
            let svg = draw(server, &version, &timeline, urls.len(), *elapsed);
            if let Err(error) = std::fs::write(&path, svg) {
                eprintln!("cannot write {}: {error}", path.display());
            }
        }
        outcome
    }
}

/// The run as a picture: a bar per request, labelled with the site's path.
fn draw(
    server: &SlowServer,
    version: &Version,
    timeline: &Timeline,
    requests: usize,
    elapsed: Duration,
) -> String {
    let base = server.base_url();
    let mut spans = timeline.spans();
    for span in &mut spans {
        if let Some(path) = span.label.strip_prefix(&base) {
            span.label = path.to_owned();
        }
    }
    Chart::new(format!(
        "Healthcheck Counter, {}: {requests} requests in {:.2} s",
        version.name,
        elapsed.as_secs_f64()
    ))
    .subtitle(format!(
        "{} · a bar per request, from sent to answered",
        version.lanes
    ))
    .legend_title("status")
    .colour("200", "#95d5a0")
    .colour("404", "#f6c667")
    .colour("500", "#f29e8e")
    .colour("503", "#c9a7e0")
    .colour("error", "#b8b8b8")
    .svg(&spans)
}

/// Runs `run`, with a progress bar on standard error if it lasts more than a second,
/// fed by the server's own count of the requests it has answered. Nothing is drawn
/// when standard error is not a terminal, so piped output stays a plain table.
fn with_progress<T>(server: &SlowServer, name: &str, total: usize, run: impl FnOnce() -> T) -> T {
    const QUIET_FOR: Duration = Duration::from_secs(1);
    const TICK: Duration = Duration::from_millis(100);
    if !std::io::stderr().is_terminal() {
        return run();
    }
    let (done, finished) = mpsc::channel::<()>();
    thread::scope(|scope| {
        scope.spawn(move || {
            // A run that ends within a second never shows a bar. `done` is dropped
            // when the run ends, even by a panic, and that ends this thread too.
            if finished.recv_timeout(QUIET_FOR) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            let style =
                ProgressStyle::with_template("{msg:26} [{bar:30}] {pos}/{len} answered, {elapsed}")
                    .expect("a valid template")
                    .progress_chars("=> ");
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
                    .with_style(style)
                    .with_message(name.to_owned());
            loop {
                let stats = server.stats();
                bar.set_position((stats.requests - stats.in_flight) as u64);
                if finished.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
                    break;
                }
            }
            bar.finish_and_clear();
        });
        let _done = done;
        run()
    })
}
