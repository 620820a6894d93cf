//! The echo benchmark of the uvloop talk, in Rust: echo servers written three ways
//! with tokio (raw socket calls, buffered streams, a codec) and once as callbacks
//! on the lesson's own loop, each on one thread, under a load client with 10
//! connections and messages of 1, 10 and 100 KiB. All on 127.0.0.1.
//!
//! Run it: cargo run --release -p lesson-09 --example echo_bench
//!
//! Two more servers use both cores: the codec server on one current-thread runtime
//! per core (each with its own `SO_REUSEPORT` listener), and on one multi-thread
//! runtime with a worker per core.
//!
//! Options: `--secs N` for each measurement (default 2); `--runs N` measures every
//! row N times and prints the median (default 3); `--server HOST:PORT=NAME`
//! (repeatable) to measure another echo server speaking the same frames, such as
//! the Python ones in `lessons/lesson-09/python/echo_server.py`; `--svg FILE` to
//! draw requests per second against the message size, a line per server.
//!
//! The callback server runs on YOUR `run_once` from `exercises/lesson-09/reactor_turn.rs`;
//! add `--features solution` to measure the reference solution instead.

use kit::plot::Plot;
use lesson_09::load::{self, LoadReport};
use lesson_09::per_core;
use lesson_09::reactor_echo;
use lesson_09::sockets::{self, Style};
use std::net::{SocketAddr, TcpStream};
use std::panic;
use std::time::Duration;

const CONCURRENCY: usize = 10;
const SIZES_KIB: [usize; 3] = [1, 10, 100];
/// Per connection, whatever the duration: bounds a run on a very fast machine.
const MAX_REQUESTS: usize = 2_000_000;

fn main() {
    let mut secs = 2.0;
    let mut runs = 3;
    let mut svg = None;
    let mut servers: Vec<(String, Option<SocketAddr>)> = Vec::new();
    for style in Style::ALL {
        servers.push((
            format!("tokio, {}", style.name()),
            sockets::spawn_server(style).ok(),
        ));
    }
    // A `todo!()` in the learner's loop is reported in the table, not as a panic.
    panic::set_hook(Box::new(|_| {}));
    servers.push((
        "callbacks on the lesson's loop".to_owned(),
        reactor_server(),
    ));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    servers.push((
        format!("tokio, codec, {cores} loops, 1 per core"),
        per_core::spawn_per_core(Style::Codec, cores).ok(),
    ));
    servers.push((
        format!("tokio, codec, multi-thread ({cores})"),
        per_core::spawn_multi_thread(Style::Codec, cores).ok(),
    ));

    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--secs", Some(value)) => secs = value.parse().expect("--secs takes a number"),
            ("--runs", Some(value)) => {
                runs = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .expect("--runs takes a whole number above 0");
            }
            ("--svg", Some(file)) => svg = Some(file),
            ("--server", Some(value)) => {
                let (addr, name) = value
                    .split_once('=')
                    .expect("--server takes HOST:PORT=NAME");
                servers.push((
                    name.to_owned(),
                    Some(addr.parse().expect("an address like 127.0.0.1:25000")),
                ));
            }
            _ => panic!(
                "usage: echo_bench [--secs N] [--runs N] [--svg FILE] [--server HOST:PORT=NAME]..."
            ),
        }
    }
    let duration = Duration::from_secs_f64(secs);

    println!(
        "Echo servers on 127.0.0.1, {CONCURRENCY} connections, each sending a message and \
         waiting for its echo, {secs} s per run, {runs} runs per row; requests/s is the \
         median run's, MiB/s and latencies are from that run\n"
    );
    println!(
        "| server                            | message | requests/s | every run, requests/s     |    MiB/s |      p50 |      p99 |"
    );
    println!(
        "|-----------------------------------|---------|------------|---------------------------|----------|----------|----------|"
    );
    let mut plot = Plot::new("Echo servers: requests per second by message size")
        .subtitle(format!(
            "{CONCURRENCY} connections on 127.0.0.1, {secs} s per run, median of {runs} runs"
        ))
        .x_label("message size")
        .y_label("requests per second")
        .categories(SIZES_KIB.map(|kib| format!("{kib} KiB")));
    for (name, addr) in &servers {
        // One uncounted second first: a server's first requests pay for its warm-up
        // (Python's first calls, the kernel's first buffers), not for its design.
        if let Some(addr) = addr {
            let _ = load::run(
                *addr,
                CONCURRENCY,
                1024,
                Duration::from_secs(1),
                MAX_REQUESTS,
            );
        }
        let mut rates = Vec::new();
        for kib in SIZES_KIB {
            let measured = match addr {
                Some(addr) => (0..runs)
                    .map(|_| load::run(*addr, CONCURRENCY, kib * 1024, duration, MAX_REQUESTS))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| e.to_string()),
                None => Err("not running (is `run_once` still `todo!()`?)".to_owned()),
            };
            match measured {
                Ok(reports) => {
                    let median = row(name, kib, reports);
                    rates.push(Some(median));
                }
                Err(error) => {
                    println!("| {name:<33} | {kib:>3} KiB | {error}");
                    rates.push(None);
                }
            }
        }
        plot = plot.series_with_gaps(name.as_str(), rates);
    }
    if let Some(file) = svg
        && let Err(error) = std::fs::write(&file, plot.svg())
    {
        eprintln!("cannot write {file}: {error}");
    }
}

/// Starts the callback server and checks that it answers.
fn reactor_server() -> Option<SocketAddr> {
    let (addr, _thread) = reactor_echo::spawn_server().ok()?;
    let mut probe = TcpStream::connect(addr).ok()?;
    probe.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let echo = sockets::round_trip(&mut probe, b"probe").ok()?;
    (echo == b"probe").then_some(addr)
}

/// Prints a row from the run with the median rate, and returns that rate.
fn row(name: &str, kib: usize, mut reports: Vec<LoadReport>) -> f64 {
    let every_run: Vec<String> = reports
        .iter()
        .map(|report| format!("{:.0}", report.per_second()))
        .collect();
    let every_run = every_run.join(" / ");
    reports.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
    let report = &reports[(reports.len() - 1) / 2];
    let per_second = report.per_second();
    let mib_per_second = per_second * kib as f64 / 1024.0;
    println!(
        "| {name:<33} | {kib:>3} KiB | {per_second:>10.0} | {every_run:<25} | {mib_per_second:>8.1} | {} | {} |",
        ms(report.percentile(50.0)),
        ms(report.percentile(99.0)),
    );
    per_second
}

fn ms(latency: Duration) -> String {
    format!("{:>5.3} ms", latency.as_secs_f64() * 1000.0)
}
