//! How late does a heartbeat get while a server's requests do blocking work?
//!
//! `cargo run --release -p lesson-08 --example heartbeat`
//! `... -- --svg FILE` also draws each row's worst lag as a line plot.
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

/// Prints one table and returns its runs, in the order of `rows`.
fn table(
    title: &str,
    job: Work,
    clients: usize,
    each: usize,
    rows: &[(Flavour, Handler)],
) -> Vec<Run> {
    println!("\n{title}\n");
    let runs: Vec<Run> = rows
        .iter()
        .map(|&(flavour, handler)| run(flavour, handler, job, clients, each))
        .collect();
    // The longest bar is 40 characters; every bar uses the same scale.
    let worst = runs
        .iter()
        .map(|run| run.lags.max)
        .max()
        .unwrap_or_default();
    let scale = (worst.as_millis() as f64 / 40.0).max(1.0);
    println!(
        "| runtime          | handler        | wall time | beats | median lag |    p99 lag |     max lag | max lag (one # per {scale:.0} ms)"
    );
    println!(
        "|------------------|----------------|-----------|-------|------------|------------|-------------|------------------------------"
    );
    for (&(flavour, handler), Run { wall, lags }) in rows.iter().zip(&runs) {
        let runtime = match flavour {
            Flavour::CurrentThread => "current-thread".to_owned(),
            Flavour::MultiThread(workers) => format!("multi-thread ({workers})"),
        };
        let handler = match handler {
            Handler::Inline => "inline",
            Handler::SpawnBlocking => "spawn_blocking",
            Handler::Rayon => "rayon",
        };
        let bar = "#".repeat((lags.max.as_millis() as f64 / scale).round() as usize);
        println!(
            "| {runtime:<16} | {handler:<14} | {:>7.2} s | {:>5} | {:>10} | {:>10} | {:>11} | {bar}",
            wall.as_secs_f64(),
            lags.beats,
            ms(lags.median),
            ms(lags.p99),
            ms(lags.max),
        );
    }
    runs
}

fn main() {
    let svg = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => None,
        [flag, file] if flag == "--svg" => Some(file.clone()),
        _ => {
            eprintln!(
                "usage: cargo run --release -p lesson-08 --example heartbeat [-- --svg FILE]"
            );
            std::process::exit(2);
        }
    };
    // Calibrate: how many rounds of stretching take about 20 ms here?
    let probe = 2_000_000;
    let start = Instant::now();
    std::hint::black_box(stretch(std::hint::black_box(b"calibrate"), probe));
    let per_round = start.elapsed().as_secs_f64() / probe as f64;
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
    );
    let waiting = table(
        "Waiting: 64 requests, each blocking its thread for 50 ms, 32 clients at a time",
        Work::Wait(Duration::from_millis(50)),
        32,
        2,
        &everything[..3],
    );

    if let Some(file) = svg {
        let worst = |runs: &[Run]| -> Vec<f64> {
            runs.iter()
                .map(|run| run.lags.max.as_secs_f64() * 1000.0)
                .collect()
        };
        let plot = Plot::new("How late the heartbeat got, by where the handler did its work")
            .subtitle(format!(
                "worst lag of a {} ms heartbeat sharing the server's runtime",
                PERIOD.as_millis()
            ))
            .x_label("where the handler did its blocking work")
            .y_label("worst heartbeat lag (ms)")
            .categories(["inline", "spawn_blocking", "rayon"])
            .series("computing, current-thread", worst(&computing[..3]))
            .series("computing, multi-thread (2)", worst(&computing[3..]))
            .series("waiting, current-thread", worst(&waiting));
        if let Err(error) = std::fs::write(&file, plot.svg()) {
            eprintln!("cannot write {file}: {error}");
        }
    }
}
