//! What passing work to another process costs: starting it, and turning the work and
//! its result into bytes that cross a pipe (JSON here, as the processes version of
//! the Healthcheck Counter does), there and back. If `python3` is installed, it
//! also runs the Python twin, `python/queue_cost.py` (multiprocessing's `Process`
//! and `Queue`, which pickle), and prints its rows beside these.
//!
//! Run it: cargo run --release -p lesson-02 --example pipe_cost

use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// One number: a single piece of work.
const SMALL: u64 = 1;
/// A list of numbers: a whole slice of work at once.
const LARGE: u64 = 100_000;
const START_RUNS: usize = 20;

/// How many times to time a job on `size` numbers: more for the quick ones.
fn runs(size: u64) -> usize {
    if size == SMALL { 200 } else { 20 }
}

// ANCHOR: worker
/// The worker: reads one JSON list of numbers a line, and sends each back the same
/// way, until its standard input closes.
fn echo() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let work: Vec<u64> = serde_json::from_str(&line?)?;
        serde_json::to_writer(&mut out, &work)?;
        writeln!(out)?;
        // Without the flush, the answer would wait in the buffer and never arrive.
        out.flush()?;
    }
    Ok(())
}
// ANCHOR_END: worker

// ANCHOR: round_trip
/// The parent's side of one round trip: `work` as one JSON line to the worker, and
/// the worker's answer read back from the next line it prints.
fn round_trip(
    to_worker: &mut ChildStdin,
    from_worker: &mut BufReader<ChildStdout>,
    work: &[u64],
) -> io::Result<Vec<u64>> {
    let mut line = serde_json::to_vec(work)?;
    line.push(b'\n');
    to_worker.write_all(&line)?;
    let mut answer = String::new();
    from_worker.read_line(&mut answer)?;
    Ok(serde_json::from_str(&answer)?)
}
// ANCHOR_END: round_trip

/// Prints one row: the median and the range of the timings, in the Python script's
/// format.
fn row(what: &str, mut timings: Vec<Duration>, note: &str) {
    timings.sort();
    let median = timings[timings.len() / 2];
    let (low, high) = (timings[0], timings[timings.len() - 1]);
    let range = format!("{} - {}", human(low), human(high));
    println!(
        "| Rust   | {what:<42} | {:>13} | {range:<25} | {note}",
        human(median)
    );
}

/// A duration as the Python script writes it: µs below a millisecond, ms above.
fn human(time: Duration) -> String {
    let micros = time.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.1} µs")
    } else {
        format!("{:.2} ms", micros / 1e3)
    }
}

fn timed(runs: usize, mut action: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            action();
            start.elapsed()
        })
        .collect()
}

/// This process's resident memory in KiB, shared pages included (Linux only).
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn start_worker(program: &Path) -> io::Result<Child> {
    Command::new(program)
        .arg("--echo-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
}

fn measure() -> io::Result<()> {
    let program = std::env::current_exe()?;
    row(
        "start a process and wait for it (exec)",
        timed(START_RUNS, || {
            let status = Command::new(&program).arg("--exit").status();
            assert!(status.is_ok_and(|status| status.success()));
        }),
        "",
    );

    let mut worker = start_worker(&program)?;
    let mut to_worker = worker.stdin.take().expect("stdin is piped");
    let mut from_worker = BufReader::new(worker.stdout.take().expect("stdout is piped"));
    let mut first = String::new();
    from_worker.read_line(&mut first)?;
    let worker_kib = first.trim().to_owned();

    for size in [SMALL, LARGE] {
        let work: Vec<u64> = (0..size).collect();
        let numbers = if size == 1 { "number" } else { "numbers" };
        let bytes = serde_json::to_vec(&work)?.len() + 1;
        row(
            &format!("encode and decode {size} {numbers} (JSON)"),
            timed(runs(size), || {
                let line = serde_json::to_vec(&work).expect("numbers serialize");
                let back: Vec<u64> = serde_json::from_slice(&line).expect("and come back");
                assert_eq!(back.len(), work.len());
            }),
            &format!("{bytes} bytes"),
        );
        row(
            &format!("{size} {numbers} to a worker and back"),
            timed(runs(size), || {
                let back = round_trip(&mut to_worker, &mut from_worker, &work);
                assert!(back.is_ok_and(|back| back == work));
            }),
            "through 2 pipes",
        );
    }
    drop(to_worker);
    worker.wait()?;
    println!(
        "| Rust   | {:<42} | {worker_kib:>9} KiB | {:<25} | shared pages included",
        "memory of an idle worker (VmRSS)", ""
    );
    Ok(())
}

/// Runs the Python twin, whose rows go straight to this program's output.
fn python_rows() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/queue_cost.py");
    match Command::new("python3").arg(&script).status() {
        Ok(status) if status.success() => {}
        Ok(status) => println!("\nThe Python twin failed ({status})."),
        Err(_) => println!(
            "\nNo python3 here, so no Python rows. Install Python 3 and run this again, \
             or run `python3 {}` on a machine that has it.",
            script.display()
        ),
    }
}

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("--exit") => return ExitCode::SUCCESS,
        Some("--echo-worker") => {
            println!("{}", resident_kib().unwrap_or(0));
            return match echo() {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            };
        }
        _ => {}
    }
    println!("Passing work to another process: medians (and ranges) of many runs\n");
    println!(
        "|        | {:<42} | {:>13} | {:<25} |",
        "what", "median", "range"
    );
    println!("|{:-<8}|{:-<44}|{:->15}|{:-<27}|", "", "", "", "");
    if let Err(error) = measure() {
        eprintln!("pipe_cost: {error}");
        return ExitCode::FAILURE;
    }
    python_rows();
    ExitCode::SUCCESS
}
