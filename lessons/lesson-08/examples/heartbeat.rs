//! How late does a heartbeat get while a server's requests do blocking work?
//!
//! `cargo run --release -p lesson-08 --example heartbeat`
//! `... -- --runs N` runs every row N times (3 by default); `--svg FILE` also draws
//! each row's worst lag (the median over the runs) as a line plot.
//!
//! A small HTTP server on 127.0.0.1 shares its runtime with a heartbeat task that
//! wants to run every 10 ms. Clients on plain threads send requests whose handler
//! either computes (a slow hash) or waits (a blocking sleep, standing in for a slow
//! disk or a blocking client). The handler does that work in one of three places:
//! right in the async handler (inline), on tokio's blocking pool (`spawn_blocking`),
//! or on rayon's pool (with a oneshot channel back). The table shows the wall time
//! and how late the heartbeat got.

use kit::plot::Plot;
use lesson_08::hash::stretch;
use lesson_08::heartbeat::{Lags, heartbeat};
use lesson_08::server::serve;
use std::net::Ipv4Addr;
use std::thread;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::spawn_blocking;

const PERIOD: Duration = Duration::from_millis(10);

#[derive(Debug, Clone, Copy)]
enum Flavour {
    CurrentThread,
    MultiThread(usize),
}

#[derive(Debug, Clone, Copy)]
enum Handler {
    Inline,
    SpawnBlocking,
    Rayon,
}

#[derive(Debug, Clone, Copy)]
enum Work {
    /// Hash with this many rounds of stretching.
    Crunch(u64),
    /// Block the thread for this long.
    Wait(Duration),
}

fn work(work: Work) -> u64 {
    match work {
        Work::Crunch(rounds) => stretch(b"spinning plates", rounds),
        Work::Wait(pause) => {
            thread::sleep(pause);
            0
        }
    }
}

// ANCHOR: handlers
/// One request's handler: the same work, done in one of three places.
async fn handle(handler: Handler, job: Work) -> String {
    let digest = match handler {
        // Right here, on the thread that runs the runtime's tasks.
        Handler::Inline => work(job),
        // On tokio's blocking pool (up to 512 threads by default).
        Handler::SpawnBlocking => spawn_blocking(move || work(job)).await.expect("no panic"),
        // On rayon's pool (one thread per core), answering through a oneshot channel.
        Handler::Rayon => {
            let (answer, digest) = oneshot::channel();
            rayon::spawn(move || {
                let _ = answer.send(work(job));
            });
            digest.await.expect("the job always answers")
        }
    };
    format!("{digest:016x}")
}
// ANCHOR_END: handlers

struct Run {
    wall: Duration,
    lags: Lags,
}

/// Starts a server and its heartbeat on a fresh runtime, sends `clients * each`
/// requests from `clients` threads, and stops.
fn run(flavour: Flavour, handler: Handler, job: Work, clients: usize, each: usize) -> Run {
    let runtime = match flavour {
        Flavour::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        Flavour::MultiThread(workers) => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(workers);
            builder
        }
    }
    .enable_all()
    .build()
    .expect("a tokio runtime");
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a port");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}/work", listener.local_addr().expect("an address"));
    let (stop, stopped) = oneshot::channel();

    let server = thread::spawn(move || {
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a runtime");
            let server = tokio::spawn(serve(listener, move |_path| handle(handler, job)));
            // Spawned, so that on the multi-thread runtime it is a task on a worker
            // like the requests, not the `block_on` thread's private future.
            let lags = tokio::spawn(heartbeat(PERIOD, stopped)).await;
            server.abort();
            lags.expect("the heartbeat does not panic")
        })
    });

    let start = Instant::now();
    thread::scope(|scope| {
        for _ in 0..clients {
            scope.spawn(|| {
                let agent = ureq::Agent::new_with_defaults();
                for _ in 0..each {
                    let mut reply = agent.get(&url).call().expect("the server answers");
                    reply.body_mut().read_to_string().expect("a body");
                }
            });
        }
    });
    let wall = start.elapsed();
    let _ = stop.send(());
    let lags = server.join().expect("the server thread does not panic");
    Run {
        wall,
        lags: Lags::of(lags),
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The median of a few durations (the middle one, or the lower middle).
fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values[(values.len() - 1) / 2]
}

/// One row of a table, run `runs` times: the medians over the runs, and every run's
/// worst lag (a few dozen beats a run are too few for a p99: it would be the max).
struct Row {
    wall: Duration,
    beats: usize,
    median_lag: Duration,
    max_lags: Vec<Duration>,
}

impl Row {
    fn of(runs: &[Run]) -> Row {
        let mut beats: Vec<usize> = runs.iter().map(|run| run.lags.beats).collect();
        beats.sort_unstable();
        Row {
            wall: median(runs.iter().map(|run| run.wall).collect()),
            beats: beats[(beats.len() - 1) / 2],
            median_lag: median(runs.iter().map(|run| run.lags.median).collect()),
            max_lags: runs.iter().map(|run| run.lags.max).collect(),
        }
    }

    fn median_max_lag(&self) -> Duration {
        median(self.max_lags.clone())
    }
}

/// Prints one table and returns its rows, in the order of `rows`.
fn table(
    title: &str,
    job: Work,
    clients: usize,
    each: usize,
    rows: &[(Flavour, Handler)],
    runs: usize,
) -> Vec<Row> {
    println!("\n{title}\n");
    let measured: Vec<Row> = rows
        .iter()
        .map(|&(flavour, handler)| {
            let runs: Vec<Run> = (0..runs)
                .map(|_| run(flavour, handler, job, clients, each))
                .collect();
            Row::of(&runs)
        })
        .collect();
    // The longest bar is 30 characters; every bar uses the same scale.
    let worst = measured
        .iter()
        .map(Row::median_max_lag)
        .max()
        .unwrap_or_default();
    let scale = (worst.as_millis() as f64 / 30.0).max(1.0);
    println!(
        "| runtime          | handler        | wall time | beats | median lag | max lag, run by run                      | median max lag (one # per {scale:.0} ms)"
    );
    println!(
        "|------------------|----------------|-----------|-------|------------|------------------------------------------|------------------------------"
    );
    for (&(flavour, handler), row) in rows.iter().zip(&measured) {
        let runtime = match flavour {
            Flavour::CurrentThread => "current-thread".to_owned(),
            Flavour::MultiThread(workers) => format!("multi-thread ({workers})"),
        };
        let handler = match handler {
            Handler::Inline => "inline",
            Handler::SpawnBlocking => "spawn_blocking",
            Handler::Rayon => "rayon",
        };
        let each_run: Vec<String> = row
            .max_lags
            .iter()
            .map(|lag| format!("{:.1}", lag.as_secs_f64() * 1000.0))
            .collect();
        let each_run = format!("{} ms", each_run.join(" / "));
        let bar = "#".repeat((row.median_max_lag().as_millis() as f64 / scale).round() as usize);
        println!(
            "| {runtime:<16} | {handler:<14} | {:>7.2} s | {:>5} | {:>10} | {each_run:<40} | {bar}",
            row.wall.as_secs_f64(),
            row.beats,
            ms(row.median_lag),
        );
    }
    measured
}

fn main() {
    let mut svg = None;
    let mut runs = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--svg", Some(file)) => svg = Some(file),
            ("--runs", Some(n)) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                runs = n.parse().expect("checked above");
            }
            _ => {
                eprintln!(
                    "usage: cargo run --release -p lesson-08 --example heartbeat [-- --runs N] [--svg FILE]"
                );
                std::process::exit(2);
            }
        }
    }
    // Calibrate: how many rounds of stretching take about 20 ms here? The fastest of
    // five probes, so that other work on the machine does not shrink the hash.
    let probe = 2_000_000;
    let per_round = (0..5)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(stretch(std::hint::black_box(b"calibrate"), probe));
            start.elapsed().as_secs_f64() / probe as f64
        })
        .fold(f64::INFINITY, f64::min);
    let rounds = (0.020 / per_round) as u64;
    let start = Instant::now();
    std::hint::black_box(stretch(b"spinning plates", rounds));
    let one_hash = start.elapsed();

    println!(
        "A heartbeat every {} ms shares the server's runtime; {} cores; rayon's pool: {} threads.",
        PERIOD.as_millis(),
        thread::available_parallelism().map_or(1, |n| n.get()),
        rayon::current_num_threads(),
    );
    if runs == 1 {
        println!("Every row ran once: one run's wall time, beats and median lag.");
    } else {
        println!(
            "Every row ran {runs} times: wall time, beats and median lag are the medians of the runs."
        );
    }
    println!(
        "One round of stretching took {:.2} ns here.",
        per_round * 1e9
    );

    let everything = [
        (Flavour::CurrentThread, Handler::Inline),
        (Flavour::CurrentThread, Handler::SpawnBlocking),
        (Flavour::CurrentThread, Handler::Rayon),
        (Flavour::MultiThread(2), Handler::Inline),
        (Flavour::MultiThread(2), Handler::SpawnBlocking),
        (Flavour::MultiThread(2), Handler::Rayon),
    ];
    let computing = table(
        &format!(
            "Computing: 40 requests, each hashing for {} ({rounds} rounds), 4 clients at a time",
            ms(one_hash)
        ),
        Work::Crunch(rounds),
        4,
        10,
        &everything,
        runs,
    );
    let waiting = table(
        "Waiting: 64 requests, each blocking its thread for 50 ms, 32 clients at a time",
        Work::Wait(Duration::from_millis(50)),
        32,
        2,
        &everything,
        runs,
    );

    if let Some(file) = svg {
        let worst = |rows: &[Row]| -> Vec<f64> {
            rows.iter()
                .map(|row| row.median_max_lag().as_secs_f64() * 1000.0)
                .collect()
        };
        let plot = Plot::new("How late the heartbeat got, by where the handler did its work")
            .subtitle(format!(
                "worst lag of a {} ms heartbeat sharing the server's runtime (median of {runs} runs)",
                PERIOD.as_millis()
            ))
            .x_label("where the handler did its blocking work")
            .y_label("worst heartbeat lag (ms)")
            .categories(["inline", "spawn_blocking", "rayon"])
            .series("computing, current-thread", worst(&computing[..3]))
            .series("computing, multi-thread (2)", worst(&computing[3..]))
            .series("waiting, current-thread", worst(&waiting[..3]))
            .series("waiting, multi-thread (2)", worst(&waiting[3..]));
        if let Err(error) = std::fs::write(&file, plot.svg()) {
            eprintln!("cannot write {file}: {error}");
        }
    }
}
