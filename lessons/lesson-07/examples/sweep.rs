//! How many requests in flight is best? Sends the same 2000 requests with a limit of
//! 1, 10, 100, 1000 and no limit, to two local servers: one that answers every site
//! after its delay however busy it is, and one that slows down as it gets busy
//! (`kit::load`, peaking near 100 in flight). Prints throughput and the time each
//! request spent in flight, and a bar of the throughput.
//!
//! Run it: cargo run --release -p lesson-07 --example sweep
//!         ... -- --svg DIR   also draws throughput and p99 against the limit,
//!                            DIR/sweep-throughput.svg and DIR/sweep-p99.svg
//!
//! It measures YOUR `fetch_all` from `exercises/lesson-07/bounded.rs`; add
//! `--features solution` to measure the reference solution instead.

use kit::client::{async_client, status_async};
use kit::load::Load;
use kit::plot::Plot;
use kit::server::SlowServer;
use kit::sites::{Site, many_sites};
use lesson_07::Error;
use lesson_07::bounded::fetch_all;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SITES: usize = 2000;

/// 2000 quick sites: the statuses of a seeded list, each answering after 1 to 10 ms
/// alone, so that even one at a time finishes in seconds.
fn quick_sites() -> Vec<Site> {
    many_sites(SITES, 1)
        .into_iter()
        .map(|site| {
            let millis = site.delay().unwrap_or_default().as_millis() as u64;
            Site::delayed(millis / 50, site.status)
        })
        .collect()
}

struct Measured {
    outcome: Result<usize, String>,
    wall: Duration,
    /// How long each request was in flight, from sending to its answer.
    latencies: Vec<Duration>,
    peak: usize,
}

/// Runs the learner's `fetch_all` over `urls` with the real client, on a fresh
/// current-thread runtime, timing every request.
fn measure(server: &SlowServer, urls: &[String], limit: usize) -> Measured {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(urls.len())));
    server.reset_stats();
    let start = Instant::now();
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        runtime.block_on(async {
            let client = async_client();
            fetch_all(urls, limit, |url| {
                let (client, latencies) = (client.clone(), Arc::clone(&latencies));
                async move {
                    // The clock starts when the fetch first runs: after its permit.
                    let sent = Instant::now();
                    let status = status_async(&client, &url).await;
                    latencies.lock().unwrap().push(sent.elapsed());
                    status
                }
            })
            .await
        })
    }));
    let wall = start.elapsed();
    let outcome = match outcome {
        Ok(Ok(counts)) => Ok(counts.values().sum()),
        Ok(Err(error)) => Err(format!("error: {}", short(&error))),
        Err(_) => Err("not written yet".to_owned()),
    };
    let mut latencies = std::mem::take(&mut *latencies.lock().unwrap());
    latencies.sort();
    Measured {
        outcome,
        wall,
        latencies,
        peak: server.stats().peak_in_flight,
    }
}

fn short(error: &Error) -> String {
    let text = error.to_string();
    text.chars().take(60).collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The limits the sweep tries, by name; `None` is no limit at all.
const LIMITS: [(&str, Option<usize>); 5] = [
    ("1", Some(1)),
    ("10", Some(10)),
    ("100", Some(100)),
    ("1000", Some(1000)),
    ("none", None),
];

/// What the plots need from one row: requests per second and p99 in milliseconds,
/// or `None` for a row that did not finish.
type Point = Option<(f64, f64)>;

/// Prints one sweep's table and returns a point per limit.
fn sweep(server: &SlowServer, sites: &[Site]) -> Vec<Point> {
    let urls = server.urls(sites);
    let limits = LIMITS.map(|(name, limit)| (name, limit.unwrap_or(urls.len())));
    let rows: Vec<(&str, Measured)> = limits
        .iter()
        .map(|&(name, limit)| (name, measure(server, &urls, limit)))
        .collect();
    let best = rows
        .iter()
        .map(|(_, m)| urls.len() as f64 / m.wall.as_secs_f64())
        .fold(0.0, f64::max);

    println!(
        "| {:>5} | {:>9} | {:>9} | {:>9} | {:>9} | {:>9} | {:>5} | throughput",
        "limit", "wall time", "req/s", "p50", "p99", "max", "peak"
    );
    println!(
        "|{:->7}|{:->11}|{:->11}|{:->11}|{:->11}|{:->11}|{:->7}|{:-<31}",
        "", "", "", "", "", "", "", ""
    );
    for (name, m) in &rows {
        let rate = urls.len() as f64 / m.wall.as_secs_f64();
        let result = match &m.outcome {
            Ok(_) => "#".repeat(((30.0 * rate / best).round() as usize).max(1)),
            Err(what) => what.clone(),
        };
        println!(
            "| {name:>5} | {:>7.2} s | {:>9.0} | {:>9} | {:>9} | {:>9} | {:>5} | {result}",
            m.wall.as_secs_f64(),
            rate,
            millis(percentile(&m.latencies, 50.0)),
            millis(percentile(&m.latencies, 99.0)),
            millis(m.latencies.last().copied().unwrap_or_default()),
            m.peak,
        );
    }
    rows.iter()
        .map(|(_, m)| {
            let p99 = percentile(&m.latencies, 99.0).as_secs_f64() * 1000.0;
            m.outcome
                .is_ok()
                .then(|| (urls.len() as f64 / m.wall.as_secs_f64(), p99))
        })
        .collect()
}

/// Throughput and p99 against the limit, one line per server.
fn draw(dir: &std::path::Path, plain: &[Point], loaded: &[Point]) {
    let limits = LIMITS.map(|(name, _)| name);
    let pick = |points: &[Point], which: fn((f64, f64)) -> f64| -> Vec<Option<f64>> {
        points.iter().map(|point| point.map(which)).collect()
    };
    let plots = [
        (
            "sweep-throughput.svg",
            Plot::new(format!(
                "Throughput of {SITES} requests against the concurrency limit"
            ))
            .y_label("requests per second")
            .series_with_gaps("plain server", pick(plain, |(rate, _)| rate))
            .series_with_gaps(
                "server that slows down under load",
                pick(loaded, |(rate, _)| rate),
            ),
        ),
        (
            "sweep-p99.svg",
            Plot::new("Tail latency against the concurrency limit")
                .y_label("p99 time in flight (ms)")
                .series_with_gaps("plain server", pick(plain, |(_, p99)| p99))
                .series_with_gaps(
                    "server that slows down under load",
                    pick(loaded, |(_, p99)| p99),
                ),
        ),
    ];
    for (file, plot) in plots {
        let plot = plot
            .subtitle("the same 2000 sites of 1 to 10 ms, on one tokio thread")
            .x_label("most requests in flight at once (the semaphore's permits)")
            .categories(limits);
        let path = dir.join(file);
        if let Err(error) = std::fs::write(&path, plot.svg()) {
            eprintln!("cannot write {}: {error}", path.display());
        }
    }
}

fn main() {
    let svg_dir = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => None,
        [flag, dir] if flag == "--svg" => Some(PathBuf::from(dir)),
        _ => {
            eprintln!("usage: cargo run --release -p lesson-07 --example sweep [-- --svg DIR]");
            std::process::exit(2);
        }
    };
    // A version that is still `todo!()` is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    let sites = quick_sites();
    let alone: Duration = sites.iter().filter_map(Site::delay).sum();
    println!(
        "{SITES} sites, each answering after 1 to 10 ms alone ({:.2} s in all, one after \
         another)\n",
        alone.as_secs_f64()
    );

    let plain = SlowServer::start();
    println!(
        "A server that is never slowed down by load ({}):\n",
        plain.base_url()
    );
    let plain_points = sweep(&plain, &sites);
    drop(plain);

    let load = Load::PEAKS_NEAR_100;
    let loaded = SlowServer::under_load(load);
    println!(
        "\nA server that slows down as it gets busy ({}): contention {}, coherency {}, \
         so a request takes {:.2}x as long with 10 in flight, {:.1}x with 100, {:.0}x \
         with 1000; throughput peaks near {:.0} in flight:\n",
        loaded.base_url(),
        load.contention,
        load.coherency,
        load.stretch(10),
        load.stretch(100),
        load.stretch(1000),
        load.best_concurrency()
    );
    let loaded_points = sweep(&loaded, &sites);
    if let Some(dir) = &svg_dir {
        draw(dir, &plain_points, &loaded_points);
    }
    println!(
        "\nreq/s: {SITES} / wall time. p50, p99, max: how long a request was in flight, from \
         sending to its answer. peak: the most requests the server had in flight at once."
    );
}
