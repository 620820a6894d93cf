//! Counting primes: sequential, with std threads, and with rayon, timed.
//!
//! Run it: cargo run --release -p lesson-02 --example primes
//!
//! The rayon row measures YOUR `count_primes` from `exercises/lesson-02/`; add
//! `--features solution` to measure the reference solution instead.

use lesson_02::primes::{count_primes_sequential, count_primes_threads};
use lesson_02::rayon_primes::count_primes;
use std::hint::black_box;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::{Duration, Instant};

const NUMBERS: Range<u64> = 0..5_000_000;
const RUNS: usize = 3;

/// The fastest of `RUNS` timings, and the count, so nothing is optimized away.
fn best_of(count: impl Fn() -> usize) -> (Duration, usize) {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let found = black_box(count());
            (start.elapsed(), found)
        })
        .min()
        .expect("RUNS is not zero")
}

fn main() {
    panic::set_hook(Box::new(|_| {}));
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Counting the primes in {}..{} (best of {RUNS} runs), on {cores} cores:\n",
        NUMBERS.start, NUMBERS.end
    );

    let (sequential, primes) = best_of(|| count_primes_sequential(NUMBERS));
    let mut rows = vec![("sequential".to_owned(), Some((sequential, primes)))];
    for threads in 1..=2 * cores {
        let label = format!("std threads: {threads}");
        rows.push((
            label,
            Some(best_of(|| count_primes_threads(NUMBERS, threads))),
        ));
    }
    let rayon = panic::catch_unwind(AssertUnwindSafe(|| best_of(|| count_primes(NUMBERS))));
    rows.push((format!("rayon ({cores} threads)"), rayon.ok()));

    println!(
        "| {:<22} | {:>9} | {:>7} | {:>7}",
        "version", "time", "speedup", "primes"
    );
    println!("|{:-<24}|{:->11}|{:->9}|{:->8}", "", "", "", "");
    for (name, timing) in rows {
        match timing {
            Some((time, found)) => println!(
                "| {name:<22} | {:>6.0} ms | {:>6.2}x | {found:>7}",
                time.as_secs_f64() * 1e3,
                sequential.as_secs_f64() / time.as_secs_f64()
            ),
            None => println!("| {name:<22} | {:>9} | {:>7} | not written yet", "-", "-"),
        }
    }
}
