//! The Healthcheck Counter with may coroutines, against the local slow-websites
//! server, timed, beside the talk's gevent greenlets on the same lists.
//!
//! Run it: cargo run --release -p lesson-04 --example healthcheck
//!         ... -- --runs N   runs each version N times (5 unless told)
//!
//! It measures YOUR versions, from `exercises/lesson-04/`: a version you have not
//! written yet shows as such. Add `--features solution` to measure the reference
//! solutions instead. If `python3` and gevent (`python/requirements.txt`) are
//! installed, the Python twin (`python/greenlet_pool.py`) runs in the same rounds.

use kit::rounds::plan;
use kit::server::SlowServer;
use kit::side_by_side::{self, Outcome, Version};
use kit::sites::{Site, many_sites, talk_sites};
use kit::twin::{self, Twin};
use lesson_04::{Counts, Error, channel_pipeline, greenlet_pool, to_json};
use may::go;
use std::panic;
use std::time::Duration;

/// may's worker threads: one per core of the machine the chapter was measured on.
const WORKERS: usize = 2;
/// The talk's pool size.
const POOL: usize = 100;
/// The talk's pool slide sends 500 requests.
const TALKS_POOL_SLIDE: usize = 500;
const MANY: usize = 2000;
/// How many times each version runs, unless `--runs` says otherwise.
const ROUNDS: usize = 5;
/// The Python twin: the talk's gevent code, with or without a pool.
const SCRIPT: &str = "lessons/lesson-04/python/greenlet_pool.py";

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

/// A may version, timed; a panic is a version not written yet.
fn may(
    name: &str,
    count: impl Fn(&[String]) -> Result<Counts, Error> + 'static,
) -> Version<'static> {
    Version::new("Rust", name, move |urls| {
        Outcome::of(|| count(urls).map(|counts| to_json(&counts)))
    })
}

/// The gevent twin with a pool of `pool` greenlets (none if `pool` is 0), if it can
/// run here.
fn gevent(available: bool, name: &str, pool: usize) -> Option<Version<'static>> {
    available.then(|| Version::python(name, Twin::new(SCRIPT, &[&pool.to_string()])))
}

fn main() {
    let rounds = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => ROUNDS,
        [flag, n] if flag == "--runs" && n.parse::<usize>().is_ok_and(|n| n > 0) => {
            n.parse().expect("checked")
        }
        _ => {
            eprintln!(
                "usage: cargo run --release -p lesson-04 --example healthcheck [-- --runs N]"
            );
            std::process::exit(2);
        }
    };
    lesson_04::configure(WORKERS);
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    let server = SlowServer::start();
    let python = !twin::available(vec![("gevent", Twin::new(SCRIPT, &["0"]))]).is_empty();
    println!(
        "{};\nthose run once take a queue's time: every run of theirs lands on its bound.\n",
        plan(rounds)
    );

    let talk = talk_sites();
    println!(
        "The talk's list: {} sites on {}, may with {WORKERS} worker threads\n",
        talk.len(),
        server.base_url()
    );
    bounds(&talk, None);
    let mut lineup: Vec<Version> = vec![may("a coroutine per URL", |urls| {
        greenlet_pool::count_statuses(urls, urls.len())
    })];
    lineup.extend(gevent(python, "a greenlet per URL", 0));
    lineup.push(may("coroutines, std sockets", std_sockets_in_coroutines).once());
    table(&server, &talk, &mut lineup, rounds);

    let slide = many_sites(TALKS_POOL_SLIDE, 1);
    println!(
        "\nThe talk's pool: {TALKS_POOL_SLIDE} sites (the first of the long list), \
         at most {POOL} requests at a time\n"
    );
    bounds(&slide, Some(POOL));
    let mut lineup = vec![may(&format!("a pool of {POOL}"), |urls| {
        greenlet_pool::count_statuses(urls, POOL)
    })];
    lineup.extend(gevent(python, &format!("pool.Pool({POOL})"), POOL));
    table(&server, &slide, &mut lineup, rounds);

    let many = many_sites(MANY, 1);
    println!("\nA long list: {MANY} sites\n");
    bounds(&many, Some(POOL));
    let mut lineup = vec![may("a coroutine per URL", |urls| {
        greenlet_pool::count_statuses(urls, urls.len())
    })];
    lineup.extend(gevent(python, "a greenlet per URL", 0));
    lineup.push(
        may(&format!("a pool of {POOL}"), |urls| {
            greenlet_pool::count_statuses(urls, POOL)
        })
        .once(),
    );
    lineup.push(
        may(&format!("a pipeline, {POOL} fetchers"), |urls| {
            channel_pipeline::count_statuses(urls, POOL)
        })
        .once(),
    );
    lineup.extend(gevent(python, &format!("pool.Pool({POOL})"), POOL).map(Version::once));
    table(&server, &many, &mut lineup, rounds);
}

fn table(server: &SlowServer, sites: &[Site], lineup: &mut [Version], rounds: usize) {
    let rows = side_by_side::measure(server, &server.urls(sites), lineup, rounds);
    side_by_side::print_table(&rows);
}

/// One after another takes the sum of the delays; all at once, the longest one; a
/// pool of `pool`, at least the sum over `pool`.
fn bounds(sites: &[Site], pool: Option<usize>) {
    let delays: Vec<Duration> = sites.iter().filter_map(Site::delay).collect();
    let sum: Duration = delays.iter().sum();
    let slowest = delays.iter().max().copied().unwrap_or_default();
    println!(
        "  sum of the delays (one after another): {:>6.2} s",
        sum.as_secs_f64()
    );
    if let Some(pool) = pool {
        println!(
            "  the sum over {pool} (a pool of {pool}):      {:>6.2} s",
            sum.as_secs_f64() / pool as f64
        );
    }
    println!(
        "  the slowest site (all at once):        {:>6.2} s\n",
        slowest.as_secs_f64()
    );
}
