//! The Healthcheck Counter four ways, against the local slow-websites server, timed.
//!
//! Run it: cargo run --release -p lesson-02 --example healthcheck
//!
//!   -- --svg DIR   also draw each version's run on the talk's list as a timeline,
//!                  DIR/healthcheck-<version>.svg (one lane per process, thread or task)
//!   -- --all       also run sequential and processes on the long list (about 13 minutes)
//!
//! It measures YOUR versions, from `exercises/lesson-02/`: a version you have not
//! written yet shows as such. Add `--features solution` to measure the reference
//! solutions instead.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kit::server::SlowServer;
use kit::sites::{Site, many_sites, talk_sites};
use kit::timeline::{Chart, Timeline};
use lesson_02::{Counts, Error, processes, sequential, to_json, with_tasks, with_threads};
use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// As many processes as the talk's subprocess checker used.
const WORKERS: usize = 3;
/// The long list: enough sites that starting threads begins to cost something.
const MANY: usize = 2000;

const USAGE: &str =
    "usage: cargo run --release -p lesson-02 --example healthcheck [-- [--svg DIR] [--all]]

  --svg DIR  draw each version's run on the talk's list as DIR/healthcheck-<version>.svg
  --all      also run sequential and processes on the long list: about 13 minutes";

/// One way to write the counter, and what its timeline's lanes are.
#[derive(Clone, Copy)]
struct Version {
    name: &'static str,
    /// The file name of its timeline.
    slug: &'static str,
    lanes: &'static str,
    run: fn(&[String]) -> Result<Counts, Error>,
    /// The least time it can take on a list, or `None` if that is the slowest site.
    queued: Option<fn(&[Site]) -> Duration>,
}

const SEQUENTIAL: Version = Version {
    name: "sequential",
    slug: "sequential",
    lanes: "one lane: the main thread",
    run: sequential::count_statuses,
    queued: Some(sum_of_delays),
};
const PROCESSES: Version = Version {
    name: "3 processes",
    slug: "processes",
    lanes: "one lane per worker process",
    run: with_processes,
    queued: Some(slowest_slice),
};
const THREADS: Version = Version {
    name: "a thread per URL",
    slug: "threads",
    lanes: "one lane per thread",
    run: with_threads::count_statuses,
    queued: None,
};
const TASKS: Version = Version {
    name: "a task per URL (1 thread)",
    slug: "tasks",
    lanes: "one lane per task, all tasks on one thread",
    run: with_tasks,
    queued: None,
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
    all: bool,
}

fn options() -> Option<Options> {
    let mut options = Options {
        svg: None,
        all: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--svg" => options.svg = Some(args.next()?.into()),
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
    let talk = talk_sites();
    println!(
        "The talk's list: {} sites on {} (Healthcheck Counter talk: 31 sites)\n",
        talk.len(),
        server.base_url()
    );
    bounds(&talk);
    let versions = [SEQUENTIAL, PROCESSES, THREADS, TASKS];
    table(&server, &talk, &versions, options.svg.as_deref());

    let many = many_sites(MANY, 1);
    println!("\nA long list: {MANY} sites\n");
    bounds(&many);
    table(&server, &many, &[THREADS, TASKS], None);
    if options.all {
        table_rows(&server, &many, &[SEQUENTIAL, PROCESSES], None);
    } else {
        for version in [SEQUENTIAL, PROCESSES] {
            let least = version.queued.map_or(Duration::ZERO, |bound| bound(&many));
            println!(
                "| {:<26} | {:>9} | {:>14} | not run (--all runs it): at least {:.2} s, {}",
                version.name,
                "-",
                "-",
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

fn table(server: &SlowServer, sites: &[Site], versions: &[Version], svg: Option<&Path>) {
    println!(
        "| {:<26} | {:>9} | {:>14} | counts",
        "version", "wall time", "peak in flight"
    );
    println!("|{:-<28}|{:->11}|{:->16}|-------", "", "", "");
    table_rows(server, sites, versions, svg);
}

fn table_rows(server: &SlowServer, sites: &[Site], versions: &[Version], svg: Option<&Path>) {
    let urls = server.urls(sites);
    for version in versions {
        server.reset_stats();
        // Every version records on a timeline; only the drawing is optional.
        let timeline = Timeline::new();
        let outcome = {
            let _installed = timeline.install();
            with_progress(server, version.name, urls.len(), || {
                panic::catch_unwind(AssertUnwindSafe(|| (version.run)(&urls)))
            })
        };
        let elapsed = timeline.origin().elapsed();
        let peak = server.stats().peak_in_flight;
        let name = version.name;
        match outcome {
            Ok(Ok(counts)) => println!(
                "| {name:<26} | {:>7.2} s | {peak:>14} | {}",
                elapsed.as_secs_f64(),
                to_json(&counts)
            ),
            Ok(Err(error)) => println!("| {name:<26} | {:>9} | {peak:>14} | error: {error}", "-"),
            Err(_) => {
                println!("| {name:<26} | {:>9} | {:>14} | not written yet", "-", "-");
                continue;
            }
        }
        if let Some(dir) = svg {
            let path = dir.join(format!("healthcheck-{}.svg", version.slug));
            let svg = draw(server, version, &timeline, urls.len(), elapsed);
            if let Err(error) = std::fs::write(&path, svg) {
                eprintln!("cannot write {}: {error}", path.display());
            }
        }
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
