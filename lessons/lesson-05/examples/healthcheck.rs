//! The Healthcheck Counter with tokio, against the local slow-websites server: first
//! with a timeout per site; then the talk's 31 sites and long lists, on a
//! current-thread and a multi-thread runtime, beside the talk's asyncio program on
//! asyncio's loop and on uvloop's, next to the latency bound (the slowest site).
//!
//! Run it: cargo run --release -p lesson-05 --example healthcheck
//!         ... -- --svg DIR   also draws the talk's list on each runtime as a timeline,
//!                            DIR/healthcheck-<runtime>.svg (one lane per task)
//!         ... -- --runs N    runs each version N times (5 unless told)
//!
//! It measures YOUR `check_all` from `exercises/lesson-05/timeouts.rs`; add
//! `--features solution` to measure the reference solution instead. If `python3` and
//! the packages of `python/requirements.txt` are installed, the Python twins (lesson
//! 02's `python/healthcheck.py`) run in the same rounds.

use kit::rounds::plan;
use kit::server::SlowServer;
use kit::side_by_side::{self, Outcome};
use kit::sites::{Site, many_sites, talk_sites};
use kit::timeline::{Chart, Timeline};
use kit::twin::{self, Twin};
use lesson_05::fetch::{async_client, status_async};
use lesson_05::timeouts::check_all;
use lesson_05::tour::{current_thread, multi_thread};
use lesson_05::{Counts, Error, Report};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// Builds a fresh runtime of one flavour, and names it in file names.
type MakeRuntime = fn() -> Runtime;

/// Long enough that no site of these lists times out.
const NO_LIMIT: Duration = Duration::from_secs(10);
/// How many times each version runs, unless `--runs` says otherwise.
const ROUNDS: usize = 5;
/// The talk's asyncio checker, on either loop: lesson 02's Python twin.
const SCRIPT: &str = "lessons/lesson-02/python/healthcheck.py";

/// Runs the learner's `check_all` with the real HTTP client on `runtime`.
fn check(runtime: &Runtime, urls: &[String], limit: Duration) -> Result<Report, Error> {
    runtime.block_on(async {
        let client = async_client();
        check_all(
            urls,
            |url| {
                let client = client.clone();
                async move { status_async(&client, &url).await }
            },
            limit,
        )
        .await
    })
}

const USAGE: &str =
    "usage: cargo run --release -p lesson-05 --example healthcheck [-- [--svg DIR] [--runs N]]";

fn main() {
    let mut svg_dir = None;
    let mut rounds = ROUNDS;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--svg", Some(dir)) => svg_dir = Some(PathBuf::from(dir)),
            ("--runs", Some(n)) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                rounds = n.parse().expect("checked");
            }
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2);
            }
        }
    }
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    let server = SlowServer::start();
    // A fresh runtime for every run: dropping a runtime drops every task still on it,
    // including the client's idle connections, so no run inherits open sockets.
    let runtimes: [(&str, MakeRuntime); 2] = [
        ("current-thread", current_thread),
        ("multi-thread (2)", || multi_thread(2)),
    ];

    let lists = [
        ("the talk's 31 sites", talk_sites()),
        ("2000 sites", many_sites(2000, 1)),
        ("5000 sites", many_sites(5000, 2)),
    ];
    println!("The Healthcheck Counter on {}\n", server.base_url());
    timeouts(&server, &runtimes, &lists[1..]);

    // The talk's asyncio checker, unchanged, on each loop: the talk's one-line swap.
    let twins = twin::available(vec![
        ("asyncio + aiohttp", Twin::new(SCRIPT, &["asyncio"])),
        ("uvloop + aiohttp", Twin::new(SCRIPT, &["uvloop"])),
    ]);
    println!("{}.", plan(rounds));
    for (index, (list_name, sites)) in lists.iter().enumerate() {
        println!(
            "\n{list_name}: the slowest answers after {:.2} s\n",
            slowest(sites).as_secs_f64()
        );
        // Only the talk's list fits in a picture: one lane per request.
        let svg = svg_dir.as_deref().filter(|_| index == 0);
        let mut lineup: Vec<side_by_side::Version> = runtimes
            .iter()
            .map(|&(runtime_name, runtime)| {
                side_by_side::Version::new(
                    "Rust",
                    format!("tokio, {runtime_name}"),
                    tokio_run(&server, runtime_name, runtime, svg),
                )
            })
            .collect();
        lineup.extend(
            twins
                .iter()
                .map(|(name, twin)| side_by_side::Version::python(name.clone(), twin.clone())),
        );
        let rows = side_by_side::measure(&server, &server.urls(sites), &mut lineup, rounds);
        side_by_side::print_table(&rows);
    }
}

/// Each long list once on each runtime with a timeout of 250 ms per site. First,
/// before the rounds, so that the tens of thousands of connections the rounds open
/// and close do not weigh on these single runs: made after them, in an earlier
/// version of this demo, nearly every request timed out.
fn timeouts(server: &SlowServer, runtimes: &[(&str, MakeRuntime)], lists: &[(&str, Vec<Site>)]) {
    let limit = Duration::from_millis(250);
    println!(
        "With a timeout of {} ms per site, one run each:\n",
        limit.as_millis()
    );
    for (list_name, sites) in lists {
        let slower = sites
            .iter()
            .filter(|site| site.delay().unwrap_or_default() >= limit)
            .count();
        println!("  {list_name}: {slower} answer after the limit");
    }
    println!();
    header();
    for (list_name, sites) in lists {
        let urls = server.urls(sites);
        for &(runtime_name, runtime) in runtimes {
            let runtime = runtime();
            row(server, list_name, runtime_name, sites, || {
                check(&runtime, &urls, limit)
            });
        }
    }
    println!();
}

/// One run of `check_all` with no limit, on a fresh runtime of one flavour; on the
/// first run, if `svg` names a folder, drawn there.
fn tokio_run<'a>(
    server: &'a SlowServer,
    runtime_name: &'a str,
    runtime: MakeRuntime,
    svg: Option<&'a Path>,
) -> impl FnMut(&[String]) -> Outcome + 'a {
    let mut drawn = false;
    move |urls| {
        let runtime = runtime();
        // The fetches record their spans on whatever timeline is installed.
        let timeline = Timeline::new();
        let outcome = {
            let _installed = timeline.install();
            Outcome::of(|| check(&runtime, urls, NO_LIMIT).map(|report| counted(&report)))
        };
        if let (Some(dir), false) = (svg, drawn) {
            drawn = true;
            let path = dir.join(format!("healthcheck-{}.svg", slug(runtime_name)));
            if let Err(error) = std::fs::write(&path, draw(server, runtime_name, &timeline)) {
                eprintln!("cannot write {}: {error}", path.display());
            }
        }
        outcome
    }
}

/// The counts as JSON, and how many sites timed out if any did.
fn counted(report: &Report) -> String {
    match report.timed_out {
        0 => json(&report.counts),
        timed_out => format!("{}, {timed_out} timed out", json(&report.counts)),
    }
}

fn slowest(sites: &[Site]) -> Duration {
    sites
        .iter()
        .filter_map(Site::delay)
        .max()
        .unwrap_or_default()
}

fn header() {
    println!(
        "| {:<20} | {:<16} | {:>9} | {:>9} | {:>6} | {:>9} | counts",
        "sites", "runtime", "slowest", "wall time", "peak", "timed out"
    );
    println!(
        "|{:-<22}|{:-<18}|{:->11}|{:->11}|{:->8}|{:->11}|-------",
        "", "", "", "", "", ""
    );
}

fn row(
    server: &SlowServer,
    list_name: &str,
    runtime_name: &str,
    sites: &[Site],
    run: impl FnOnce() -> Result<Report, Error>,
) {
    let slowest = slowest(sites);
    server.reset_stats();
    let start = Instant::now();
    let outcome = panic::catch_unwind(AssertUnwindSafe(run));
    let elapsed = start.elapsed();
    let peak = server.stats().peak_in_flight;
    let prefix = format!(
        "| {list_name:<20} | {runtime_name:<16} | {:>7.2} s |",
        slowest.as_secs_f64()
    );
    match outcome {
        Ok(Ok(report)) => println!(
            "{prefix} {:>7.2} s | {peak:>6} | {:>9} | {}",
            elapsed.as_secs_f64(),
            report.timed_out,
            json(&report.counts)
        ),
        Ok(Err(error)) => println!(
            "{prefix} {:>9} | {peak:>6} | {:>9} | error: {error}",
            "-", "-"
        ),
        Err(_) => println!(
            "{prefix} {:>9} | {:>6} | {:>9} | not written yet",
            "-", "-", "-"
        ),
    }
}

/// `{"200":28,"404":1}`, as the talk printed its counts.
fn json(counts: &Counts) -> String {
    let fields: Vec<String> = counts
        .iter()
        .map(|(status, count)| format!("\"{status}\":{count}"))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// `multi-thread (2)` as `multi-thread-2`, for a file name.
fn slug(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// The run as a picture: a lane per task, a bar per request, from sent to answered.
fn draw(server: &SlowServer, runtime_name: &str, timeline: &Timeline) -> String {
    let base = server.base_url();
    let mut spans = timeline.spans();
    for span in &mut spans {
        if let Some(path) = span.label.strip_prefix(&base) {
            span.label = path.to_owned();
        }
    }
    let finished = spans.iter().map(|span| span.end).max().unwrap_or_default();
    Chart::new(format!(
        "tokio, {runtime_name} runtime: {} requests in {:.2} s",
        spans.len(),
        finished.as_secs_f64()
    ))
    .subtitle("a lane per task, a bar per request, from sent to answered")
    .legend_title("status")
    .colour("200", "#95d5a0")
    .colour("404", "#f6c667")
    .colour("500", "#f29e8e")
    .colour("503", "#c9a7e0")
    .colour("error", "#b8b8b8")
    .svg(&spans)
}
