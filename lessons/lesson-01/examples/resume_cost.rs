//! Measures what one step of a generator costs: a hand-written iterator (std's
//! range), a genawaiter `rc` generator and a genawaiter `sync` generator.
//!
//! Run it: cargo run --release -p lesson-01 --example resume_cost

use lesson_01::flavours::countdown_sync;
use lesson_01::generator::countdown;
use std::hint::black_box;
use std::time::{Duration, Instant};

const STEPS: u32 = 10_000_000;
const RUNS: usize = 5;

/// The fastest of `RUNS` timings of `drain`, which must take `STEPS + 1` steps.
fn best_of(drain: impl Fn() -> u64) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(drain());
            start.elapsed()
        })
        .min()
        .expect("RUNS is not zero")
}

/// Sums what an iterator yields, so that no step can be optimized away.
fn drain(numbers: impl Iterator<Item = u32>) -> u64 {
    numbers.map(|n| u64::from(black_box(n))).sum()
}

fn main() {
    let rows = [
        (
            "iterator (std range, a state machine)",
            best_of(|| drain((0..=black_box(STEPS)).rev())),
        ),
        (
            "genawaiter rc::Gen",
            best_of(|| drain(countdown(black_box(STEPS)).into_iter())),
        ),
        (
            "genawaiter sync::Gen",
            best_of(|| drain(countdown_sync(black_box(STEPS)).into_iter())),
        ),
    ];

    println!("Counting down from {STEPS} (best of {RUNS} runs):\n");
    println!(
        "| {:<38} | {:>10} | {:>9} |",
        "generator", "total", "per step"
    );
    println!("|{:-<40}|{:->12}|{:->11}|", "", "", "");
    for (name, time) in rows {
        let per_step = time.as_secs_f64() * 1e9 / f64::from(STEPS + 1);
        println!(
            "| {name:<38} | {:>7.1} ms | {per_step:>6.2} ns |",
            time.as_secs_f64() * 1e3
        );
    }
}
