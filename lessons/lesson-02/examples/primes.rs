//! Counting primes: sequential, with std threads, and with rayon, timed, beside
//! Pouliot's multiprocessing prime checker in Python on the same numbers.
//!
//! Run it: cargo run --release -p lesson-02 --example primes
//!
//! The rayon row measures YOUR `count_primes` from `exercises/lesson-02/`; add
//! `--features solution` to measure the reference solution instead. If `python3` is
//! installed, the Python twin (`python/primes.py`: worker `Process`es and a `Queue`)
//! runs in the same rounds; it takes about 20 times as long as the rest.

use kit::rounds::{median, plan, rotated};
use kit::twin::{self, Twin};
use lesson_02::primes::{count_primes_sequential, count_primes_threads};
use lesson_02::rayon_primes::count_primes;
use std::hint::black_box;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::{Duration, Instant};

const NUMBERS: Range<u64> = 0..5_000_000;
const RUNS: usize = 3;
const SCRIPT: &str = "lessons/lesson-02/python/primes.py";

/// One way to count, and what its runs gave.
struct Version<'a> {
    language: &'static str,
    name: String,
    /// The time and the count of one run, or what went wrong.
    run: Box<dyn Fn() -> Result<(Duration, usize), String> + 'a>,
    timings: Vec<Duration>,
    found: Option<usize>,
    failed: Option<String>,
}

impl<'a> Version<'a> {
    /// A Rust version, timed here; a panic is a version not written yet.
    fn rust(name: impl Into<String>, count: impl Fn() -> usize + 'a) -> Self {
        Version::new("Rust", name, move || {
            let start = Instant::now();
            let found = panic::catch_unwind(AssertUnwindSafe(|| black_box(count())));
            let elapsed = start.elapsed();
            found
                .map(|found| (elapsed, found))
                .map_err(|_| "not written yet".to_owned())
        })
    }

    /// The Python twin with `processes` worker processes, timed by itself: from
    /// before it starts its workers to after it has joined them.
    fn python(processes: usize, twin: Twin) -> Self {
        let name = match processes {
            1 => "multiprocessing: 1 process".to_owned(),
            n => format!("multiprocessing: {n} processes"),
        };
        Version::new("Python", name, move || {
            // `{"primes": 348513, "seconds": 20.1}`
            let found: serde_json::Value = twin.run("")?;
            match (found["seconds"].as_f64(), found["primes"].as_u64()) {
                (Some(seconds), Some(primes)) => {
                    Ok((Duration::from_secs_f64(seconds), primes as usize))
                }
                _ => Err(format!("cannot read {found}")),
            }
        })
    }

    fn new(
        language: &'static str,
        name: impl Into<String>,
        run: impl Fn() -> Result<(Duration, usize), String> + 'a,
    ) -> Self {
        Version {
            language,
            name: name.into(),
            run: Box::new(run),
            timings: Vec::new(),
            found: None,
            failed: None,
        }
    }
}

fn main() {
    panic::set_hook(Box::new(|_| {}));
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Counting the primes in {}..{} on {cores} cores. {}.",
        NUMBERS.start,
        NUMBERS.end,
        plan(RUNS)
    );

    let mut versions = vec![Version::rust("sequential", || {
        count_primes_sequential(NUMBERS)
    })];
    for threads in 1..=2 * cores {
        versions.push(Version::rust(
            format!("std threads: {threads}"),
            move || count_primes_threads(NUMBERS, threads),
        ));
    }
    versions.push(Version::rust(format!("rayon ({cores} threads)"), || {
        count_primes(NUMBERS)
    }));
    // One process, then as many as there are cores: more only take turns.
    let range = [NUMBERS.start.to_string(), NUMBERS.end.to_string()];
    let twins = twin::available(
        [1, cores]
            .iter()
            .map(|processes| {
                let args = [range[0].as_str(), range[1].as_str(), &processes.to_string()];
                ("multiprocessing", Twin::new(SCRIPT, &args))
            })
            .collect(),
    );
    for (twin, processes) in twins.into_iter().zip([1, cores]) {
        versions.push(Version::python(processes, twin.1));
    }
    println!();

    for round in 0..RUNS {
        for index in rotated(versions.len(), round) {
            let version = &mut versions[index];
            if version.failed.is_some() {
                continue;
            }
            match (version.run)() {
                Ok((elapsed, found)) => {
                    version.timings.push(elapsed);
                    version.found = Some(found);
                }
                Err(error) => version.failed = Some(error),
            }
        }
    }
    table(&versions);
}

/// Each version's median and spread; its speedup against the first row of its
/// language (Rust: sequential; Python: one process).
fn table(versions: &[Version]) {
    println!(
        "|        | {:<28} |   median |             spread | speedup |  primes",
        "version"
    );
    println!(
        "|--------|{:-<30}|----------|--------------------|---------|--------",
        ""
    );
    let baseline = |language: &str| {
        versions
            .iter()
            .find(|version| version.language == language)
            .and_then(|version| median(&version.timings))
    };
    for version in versions {
        let start = format!("| {:<6} | {:<28} |", version.language, version.name);
        match (median(&version.timings), version.found, &version.failed) {
            (Some(time), Some(found), None) => {
                let ms = |time: &Duration| time.as_secs_f64() * 1e3;
                let (fastest, slowest) = (
                    version.timings.iter().min().map_or(0.0, ms),
                    version.timings.iter().max().map_or(0.0, ms),
                );
                let speedup = baseline(version.language)
                    .map_or(0.0, |base| base.as_secs_f64() / time.as_secs_f64());
                println!(
                    "{start} {:>8} | {:>18} | {speedup:>6.2}x | {found:>7}",
                    format!("{:.0} ms", ms(&time)),
                    format!("{fastest:.0} - {slowest:.0} ms"),
                )
            }
            (_, _, failed) => println!(
                "{start} {:>8} | {:>18} | {:>7} | {}",
                "-",
                "-",
                "-",
                failed.as_deref().unwrap_or("no run")
            ),
        }
    }
}
