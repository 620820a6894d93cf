//! The Healthcheck Counter four ways, against the local slow-websites server, timed.
//!
//! Run it: cargo run --release -p lesson-02 --example healthcheck
//!
//! It measures YOUR versions, from `exercises/lesson-02/`: a version you have not
//! written yet shows as such. Add `--features solution` to measure the reference
//! solutions instead.

use kit::server::SlowServer;
use kit::sites::{Site, many_sites, talk_sites};
use lesson_02::{Counts, Error, processes, sequential, to_json, with_tasks, with_threads};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// As many processes as the talk's subprocess checker used.
const WORKERS: usize = 3;
/// The long list: enough sites that starting threads begins to cost something.
const MANY: usize = 2000;

type Version = fn(&[String]) -> Result<Counts, Error>;

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

fn main() -> ExitCode {
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    if processes::is_worker() {
        return processes::work(sequential::count_statuses);
    }

    let server = SlowServer::start();
    let talk = talk_sites();
    println!(
        "The talk's list: {} sites on {} (Healthcheck Counter talk: 31 sites)\n",
        talk.len(),
        server.base_url()
    );
    bounds(&talk);
    table(
        &server,
        &talk,
        &[
            ("sequential", sequential::count_statuses as Version),
            ("3 processes", with_processes),
            ("a thread per URL", with_threads::count_statuses),
            ("a task per URL (1 thread)", with_tasks),
        ],
    );

    let many = many_sites(MANY, 1);
    println!("\nA long list: {MANY} sites\n");
    bounds(&many);
    table(
        &server,
        &many,
        &[
            ("a thread per URL", with_threads::count_statuses as Version),
            ("a task per URL (1 thread)", with_tasks),
        ],
    );
    println!("\n(sequential and processes skip the long list: minutes of waiting)");
    ExitCode::SUCCESS
}

/// The two physical limits: one after another takes the sum of the delays; all at
/// once, at least the longest one.
fn bounds(sites: &[Site]) {
    let delays: Vec<Duration> = sites.iter().filter_map(Site::delay).collect();
    let sum: Duration = delays.iter().sum();
    let slowest = delays.iter().max().copied().unwrap_or_default();
    println!(
        "  sum of the delays (one after another): {:>6.2} s",
        sum.as_secs_f64()
    );
    println!(
        "  the slowest site (all at once):        {:>6.2} s\n",
        slowest.as_secs_f64()
    );
}

fn table(server: &SlowServer, sites: &[Site], versions: &[(&str, Version)]) {
    let urls = server.urls(sites);
    println!(
        "| {:<26} | {:>9} | {:>14} | counts",
        "version", "wall time", "peak in flight"
    );
    println!("|{:-<28}|{:->11}|{:->16}|-------", "", "", "");
    for &(name, version) in versions {
        server.reset_stats();
        let start = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| version(&urls)));
        let elapsed = start.elapsed();
        let peak = server.stats().peak_in_flight;
        match outcome {
            Ok(Ok(counts)) => println!(
                "| {name:<26} | {:>7.2} s | {peak:>14} | {}",
                elapsed.as_secs_f64(),
                to_json(&counts)
            ),
            Ok(Err(error)) => println!("| {name:<26} | {:>9} | {peak:>14} | error: {error}", "-"),
            Err(_) => println!("| {name:<26} | {:>9} | {:>14} | not written yet", "-", "-"),
        }
    }
}
