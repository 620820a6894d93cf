//! The echo benchmark of the uvloop talk, Rust and Python side by side: echo servers
//! written three ways with tokio (raw socket calls, buffered streams, a codec), once
//! as callbacks on the lesson's own loop, twice on both cores, and the talk's three
//! asyncio APIs (`python/echo_server.py`) on asyncio's loop and on uvloop's. A load
//! client with 10 connections sends messages of 1, 10 and 100 KiB. All on 127.0.0.1.
//!
//! Run it: cargo run --release -p lesson-09 --features solution --example echo_bench
//!
//! Each server runs in a process of its own (see `servers.rs`), so beside what the
//! client sees (requests per second, latencies) the table shows what the server
//! spent: its process's CPU time per request, from the kernel's accounting. On a
//! machine where the client and the server share the cores, the client may be the
//! limit, and requests per second alone cannot say which server does less work.
//!
//! The runs are interleaved: for each message size, run 1 measures every server once,
//! then run 2 does, each run starting one server further down the list, so a moment
//! of load on the machine falls on every server alike rather than on one row.
//!
//! Options: `--secs N` for each measurement (default 2); `--runs N` (default 5);
//! `--only TEXT` (repeatable) to measure only the servers whose name contains TEXT;
//! `--first-drafts` to add the tokio servers as first written (`src/first_draft.rs`),
//! to see what the changes since bought;
//! `--svg FILE` to draw the CPU time per request against the message size, a line per
//! server, and `--rate-svg FILE` the requests per second.
//!
//! Without python3 or without uvloop it prints the Rust rows and says how to add the
//! Python ones. The callback server runs on YOUR `run_once` from
//! `exercises/lesson-09/reactor_turn.rs`; `--features solution` measures the reference.

mod servers;

use kit::cpu::ProcessTimes;
use kit::plot::Plot;
use lesson_09::load::{self, LoadReport};
use servers::Running;
use std::time::Duration;

const CONCURRENCY: usize = 10;
const SIZES_KIB: [usize; 3] = [1, 10, 100];
/// Per connection, whatever the duration: bounds a run on a very fast machine.
const MAX_REQUESTS: usize = 2_000_000;
const INSTALL_PYTHON: &str = "pip install -r python/requirements.txt";

/// What one run measured on one server.
struct Sample {
    report: LoadReport,
    /// The server process's CPU time during the run.
    cpu: Option<ProcessTimes>,
}

impl Sample {
    fn per_second(&self) -> f64 {
        self.report.per_second()
    }

    /// The server's CPU time per request, user and system.
    fn cpu_per_request(&self) -> Option<ProcessTimes> {
        let requests = u32::try_from(self.report.requests)
            .ok()
            .filter(|&n| n > 0)?;
        let cpu = self.cpu?;
        Some(ProcessTimes {
            user: cpu.user / requests,
            system: cpu.system / requests,
        })
    }

    /// The share of one core the server used, 1.0 for a whole core.
    fn cores_used(&self) -> Option<f64> {
        let cpu = self.cpu?;
        Some((cpu.user + cpu.system).as_secs_f64() / self.report.elapsed.as_secs_f64())
    }
}

struct Options {
    secs: f64,
    runs: usize,
    only: Vec<String>,
    first_drafts: bool,
    cpu_svg: Option<String>,
    rate_svg: Option<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    if let Some("--serve") = args.next().as_deref() {
        let name = args.next().expect("--serve takes a server's name");
        if let Err(error) = servers::serve(&name) {
            eprintln!("cannot serve {name}: {error}");
            std::process::exit(1);
        }
        return;
    }
    let options = options();
    let load_at_start = load_average();
    // A `todo!()` in the learner's loop is reported in the table, not as a panic.
    std::panic::set_hook(Box::new(|_| {}));

    let mut running: Vec<(String, Running)> = Vec::new();
    let mut missing_python = None;
    for server in servers::all(options.first_drafts) {
        let name = server.name();
        if !options.only.is_empty() && !options.only.iter().any(|text| name.contains(text)) {
            continue;
        }
        match server.start() {
            Ok(server) => running.push((name, server)),
            Err(why) if server.is_python() => {
                missing_python.get_or_insert(why);
            }
            Err(why) => println!("{name}: {why}"),
        }
    }
    let no_python = missing_python.map(|why| {
        format!("No Python rows ({why}): `{INSTALL_PYTHON}` adds them, then run this again.")
    });
    if let Some(line) = &no_python {
        println!("{line}");
    }

    let secs = options.secs;
    let runs = options.runs;
    println!(
        "Echo servers on 127.0.0.1, each in its own process; {CONCURRENCY} connections, each \
         sending a message and waiting for its echo; {runs} interleaved runs of {secs} s per \
         row. Medians, with the lowest and highest run; the latencies are the median run's \
         (by requests/s). CPU is the server process's user + system time; \
         user is the part spent in the server's own code, the rest is the kernel's.\n"
    );
    println!(
        "| server                            | message | requests/s | lowest-highest | CPU/request | lowest-highest  | of it, user | cores |      p50 |      p99 |"
    );
    println!(
        "|-----------------------------------|---------|------------|----------------|-------------|-----------------|-------------|-------|----------|----------|"
    );
    // One uncounted run first for each server and size: a server's first requests pay
    // for its warm-up (Python's first calls, the kernel's first buffers), not its design.
    let warm_up = Duration::from_secs_f64((secs / 4.0).clamp(0.1, 1.0));
    let mut rates = vec![Vec::new(); running.len()];
    let mut cpus = vec![Vec::new(); running.len()];
    for kib in SIZES_KIB {
        for (_, server) in &running {
            let _ = load::run(server.addr, CONCURRENCY, kib * 1024, warm_up, MAX_REQUESTS);
        }
        let mut samples: Vec<Vec<Sample>> = running.iter().map(|_| Vec::new()).collect();
        let mut failed: Vec<Option<String>> = vec![None; running.len()];
        for run in 0..runs {
            for turn in 0..running.len() {
                let which = (turn + run) % running.len();
                if failed[which].is_some() {
                    continue;
                }
                match measure(&running[which].1, kib, Duration::from_secs_f64(secs)) {
                    Ok(sample) => samples[which].push(sample),
                    Err(error) => failed[which] = Some(error.to_string()),
                }
            }
        }
        for (which, (name, _)) in running.iter().enumerate() {
            if let Some(error) = &failed[which] {
                println!("| {name:<33} | {kib:>3} KiB | failed: {error}");
                rates[which].push(None);
                cpus[which].push(None);
                continue;
            }
            let (rate, cpu) = row(name, kib, &mut samples[which]);
            rates[which].push(Some(rate));
            cpus[which].push(cpu);
        }
    }
    if let Some(line) = &no_python {
        println!("\n{line}");
    }
    // Other programs on the machine share the cores with the servers and the client.
    if let (Some(start), Some(end)) = (load_at_start, load_average()) {
        println!("\nLoad average (1 minute): {start} at the start, {end} at the end.");
    }

    let subtitle = format!(
        "{CONCURRENCY} connections on 127.0.0.1, median of {runs} runs of {secs} s, each server in its own process"
    );
    let plot = |title: &str, y_label: &str, values: &[Vec<Option<f64>>]| {
        let mut plot = Plot::new(title)
            .subtitle(subtitle.as_str())
            .x_label("message size")
            .y_label(y_label)
            .categories(SIZES_KIB.map(|kib| format!("{kib} KiB")));
        for ((name, _), values) in running.iter().zip(values) {
            plot = plot.series_with_gaps(name.as_str(), values.clone());
        }
        plot.svg()
    };
    let drawings = [
        (
            &options.cpu_svg,
            plot(
                "Echo servers: the server's CPU time per request",
                "CPU µs per request",
                &cpus,
            ),
        ),
        (
            &options.rate_svg,
            plot(
                "Echo servers: requests per second by message size",
                "requests per second",
                &rates,
            ),
        ),
    ];
    for (file, svg) in drawings {
        if let Some(file) = file
            && let Err(error) = std::fs::write(file, svg)
        {
            eprintln!("cannot write {file}: {error}");
        }
    }
}

/// One run of the load client against `server`, with the server's CPU time around it.
fn measure(server: &Running, kib: usize, duration: Duration) -> std::io::Result<Sample> {
    let before = server.cpu_times();
    let report = load::run(server.addr, CONCURRENCY, kib * 1024, duration, MAX_REQUESTS)?;
    let cpu = before
        .zip(server.cpu_times())
        .map(|(before, after)| ProcessTimes {
            user: after.user.saturating_sub(before.user),
            system: after.system.saturating_sub(before.system),
        });
    Ok(Sample { report, cpu })
}

/// Prints one row: medians and ranges over the runs. Returns the median requests per
/// second and CPU µs per request.
fn row(name: &str, kib: usize, samples: &mut [Sample]) -> (f64, Option<f64>) {
    let micros = |cpu: Duration| cpu.as_secs_f64() * 1e6;
    let mut cpu: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.cpu_per_request())
        .map(|cpu| micros(cpu.user + cpu.system))
        .collect();
    cpu.sort_by(f64::total_cmp);
    let mut user: Vec<f64> = samples
        .iter()
        .filter_map(|sample| sample.cpu_per_request())
        .map(|cpu| micros(cpu.user))
        .collect();
    user.sort_by(f64::total_cmp);
    let mut cores: Vec<f64> = samples.iter().filter_map(Sample::cores_used).collect();
    cores.sort_by(f64::total_cmp);
    samples.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
    let median = &samples[(samples.len() - 1) / 2];
    let rate = median.per_second();
    let lowest = samples[0].per_second();
    let highest = samples[samples.len() - 1].per_second();
    let cpu_median = median_of(&cpu);
    let (cpu_cell, cpu_range, user_cell, cores_cell) =
        match (cpu_median, median_of(&user), median_of(&cores)) {
            (Some(median), Some(user), Some(cores)) => (
                format!("{median:>8.1} µs"),
                format!("{:.1}-{:.1} µs", cpu[0], cpu[cpu.len() - 1]),
                format!("{user:.1} µs"),
                format!("{cores:.2}"),
            ),
            _ => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
    println!(
        "| {name:<33} | {kib:>3} KiB | {rate:>10.0} | {:>14} | {cpu_cell:>11} | {cpu_range:>15} | {user_cell:>11} | {cores_cell:>5} | {} | {} |",
        format!("{lowest:.0}-{highest:.0}"),
        ms(median.report.percentile(50.0)),
        ms(median.report.percentile(99.0)),
    );
    (rate, cpu_median)
}

/// The middle value of sorted values; the lower middle of an even count.
fn median_of(sorted: &[f64]) -> Option<f64> {
    (!sorted.is_empty()).then(|| sorted[(sorted.len() - 1) / 2])
}

/// The 1-minute load average, as `/proc/loadavg` says it (Linux).
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_owned)
}

fn ms(latency: Duration) -> String {
    format!("{:>5.3} ms", latency.as_secs_f64() * 1000.0)
}

fn options() -> Options {
    let mut options = Options {
        secs: 2.0,
        runs: 5,
        only: Vec::new(),
        first_drafts: false,
        cpu_svg: None,
        rate_svg: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--first-drafts" {
            options.first_drafts = true;
            continue;
        }
        match (arg.as_str(), args.next()) {
            ("--secs", Some(value)) => {
                options.secs = value
                    .parse()
                    .ok()
                    .filter(|&secs: &f64| secs > 0.0)
                    .expect("--secs takes a number above 0");
            }
            ("--runs", Some(value)) => {
                options.runs = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .expect("--runs takes a whole number above 0");
            }
            ("--only", Some(text)) => options.only.push(text),
            ("--svg", Some(file)) => options.cpu_svg = Some(file),
            ("--rate-svg", Some(file)) => options.rate_svg = Some(file),
            _ => panic!(
                "usage: echo_bench [--secs N] [--runs N] [--only TEXT]... [--first-drafts] [--svg FILE] [--rate-svg FILE]"
            ),
        }
    }
    options
}
