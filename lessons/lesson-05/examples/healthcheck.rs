//! The Healthcheck Counter with tokio, against the local slow-websites server: the
//! talk's 31 sites and long lists, on a current-thread and a multi-thread runtime,
//! next to the latency bound (the slowest site), and with a timeout per site.
//!
//! Run it: cargo run --release -p lesson-05 --example healthcheck
//!         ... -- --svg DIR   also draws the talk's list on each runtime as a timeline,
//!                            DIR/healthcheck-<runtime>.svg (one lane per task)
//!
//! It measures YOUR `check_all` from `exercises/lesson-05/timeouts.rs`; add
//! `--features solution` to measure the reference solution instead.

use kit::server::SlowServer;
use kit::sites::{Site, many_sites, talk_sites};
use kit::timeline::{Chart, Timeline};
use lesson_05::fetch::{async_client, status_async};
use lesson_05::timeouts::check_all;
use lesson_05::tour::{current_thread, multi_thread};
use lesson_05::{Counts, Error, Report};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

/// Builds a fresh runtime of one flavour, and names it in file names.
type MakeRuntime = fn() -> Runtime;

/// Long enough that no site of these lists times out.
const NO_LIMIT: Duration = Duration::from_secs(10);

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

fn main() {
    let svg_dir = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => None,
        [flag, dir] if flag == "--svg" => Some(PathBuf::from(dir)),
        _ => {
            eprintln!(
                "usage: cargo run --release -p lesson-05 --example healthcheck [-- --svg DIR]"
            );
            std::process::exit(2);
        }
    };
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    let server = SlowServer::start();
    // A fresh runtime for every row: dropping a runtime drops every task still on it,
    // including the client's idle connections, so no row inherits open sockets.
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
    header();
    for (index, (list_name, sites)) in lists.iter().enumerate() {
        let urls = server.urls(sites);
        for (runtime_name, runtime) in runtimes {
            let runtime = runtime();
            // The fetches record their spans on whatever timeline is installed.
            let timeline = Timeline::new();
            let installed = timeline.install();
            row(&server, list_name, runtime_name, sites, || {
                check(&runtime, &urls, NO_LIMIT)
            });
            drop(installed);
            // Only the talk's list fits in a picture: one lane per request.
            if let (Some(dir), 0) = (&svg_dir, index) {
                let path = dir.join(format!("healthcheck-{}.svg", slug(runtime_name)));
                if let Err(error) = std::fs::write(&path, draw(&server, runtime_name, &timeline)) {
                    eprintln!("cannot write {}: {error}", path.display());
                }
            }
        }
    }

    let limit = Duration::from_millis(250);
    println!("\nWith a timeout of {} ms per site:\n", limit.as_millis());
    for (list_name, sites) in &lists[1..] {
        let slower = sites
            .iter()
            .filter(|site| site.delay().unwrap_or_default() >= limit)
            .count();
        println!("  {list_name}: {slower} answer after the limit");
    }
    println!();
    header();
    for (list_name, sites) in &lists[1..] {
        let urls = server.urls(sites);
        for (runtime_name, runtime) in runtimes {
            let runtime = runtime();
            row(&server, list_name, runtime_name, sites, || {
                check(&runtime, &urls, limit)
            });
        }
    }
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
    let slowest = sites
        .iter()
        .filter_map(Site::delay)
        .max()
        .unwrap_or_default();
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
