//! The Healthcheck Counter with may coroutines, against the local slow-websites
//! server, timed.
//!
//! Run it: cargo run --release -p lesson-04 --example healthcheck
//!
//! It measures YOUR versions, from `exercises/lesson-04/`: a version you have not
//! written yet shows as such. Add `--features solution` to measure the reference
//! solutions instead.

use kit::server::SlowServer;
use kit::sites::{Site, many_sites, talk_sites};
use lesson_04::{Counts, Error, channel_pipeline, greenlet_pool, to_json};
use may::go;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// may's worker threads: one per core of the machine the chapter was measured on.
const WORKERS: usize = 2;
/// The talk's pool size.
const POOL: usize = 100;
const MANY: usize = 2000;

type Version = Box<dyn Fn(&[String]) -> Result<Counts, Error>>;

/// The mistake this lesson warns about: coroutines, but lesson 02's blocking client,
/// whose std sockets block the worker thread. Nothing was monkey-patched.
fn std_sockets_in_coroutines(urls: &[String]) -> Result<Counts, Error> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            let (agent, url) = (agent.clone(), url.clone());
            go!(move || -> Result<u16, Error> { Ok(agent.get(&url).call()?.status().as_u16()) })
        })
        .collect();
    let mut counts = Counts::new();
    for handle in handles {
        let status = handle.join().expect("a coroutine panicked")?;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}

fn main() {
    lesson_04::configure(WORKERS);
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    let server = SlowServer::start();

    let talk = talk_sites();
    println!(
        "The talk's list: {} sites on {}, may with {WORKERS} worker threads\n",
        talk.len(),
        server.base_url()
    );
    bounds(&talk);
    table(
        &server,
        &talk,
        vec![
            (
                "a coroutine per URL".to_owned(),
                Box::new(|urls: &[String]| greenlet_pool::count_statuses(urls, urls.len())),
            ),
            (
                "coroutines, std sockets".to_owned(),
                Box::new(std_sockets_in_coroutines),
            ),
        ],
    );

    let many = many_sites(MANY, 1);
    println!("\nA long list: {MANY} sites\n");
    bounds(&many);
    table(
        &server,
        &many,
        vec![
            (
                "a coroutine per URL".to_owned(),
                Box::new(|urls: &[String]| greenlet_pool::count_statuses(urls, urls.len())),
            ),
            (
                format!("a pool of {POOL}"),
                Box::new(|urls: &[String]| greenlet_pool::count_statuses(urls, POOL)),
            ),
            (
                format!("a pipeline, {POOL} fetchers"),
                Box::new(|urls: &[String]| channel_pipeline::count_statuses(urls, POOL)),
            ),
        ],
    );
}

/// One after another takes the sum of the delays; all at once, the longest one.
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

fn table(server: &SlowServer, sites: &[Site], versions: Vec<(String, Version)>) {
    let urls = server.urls(sites);
    println!(
        "| {:<26} | {:>9} | {:>14} | counts",
        "version", "wall time", "peak in flight"
    );
    println!("|{:-<28}|{:->11}|{:->16}|-------", "", "", "");
    for (name, version) in versions {
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
