//! Measures what one step of a generator costs: hand-written state machines (your
//! `Countdown` from the exercise, and std's range), a genawaiter `rc` generator and a
//! genawaiter `sync` generator.
//!
//! Run it: cargo run --release -p lesson-01 --example resume_cost
//! (add `--features solution` to time the reference `Countdown` instead of yours)

use lesson_01::countdown::Countdown;
use lesson_01::flavours::countdown_sync;
use lesson_01::generator::countdown;
use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

const STEPS: u32 = 10_000_000;
const RUNS: usize = 5;

/// The fastest of `RUNS` timings of `drain`, which must take `STEPS + 1` steps; `None`
/// if `drain` panics, as the untouched exercise does (`todo!()`).
fn best_of(drain: impl Fn() -> u64) -> Option<Duration> {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            panic::catch_unwind(AssertUnwindSafe(|| black_box(drain())))
                .ok()
                .map(|_| start.elapsed())
        })
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .min()
}

/// Sums what an iterator yields, so that no step can be optimized away.
fn drain(numbers: impl Iterator<Item = u32>) -> u64 {
    numbers.map(|n| u64::from(black_box(n))).sum()
}

fn main() {
    // The untouched exercise panics; say so in its row, not on the terminal.
    panic::set_hook(Box::new(|_| {}));
    let rows = [
        (
            "your Countdown (the exercise)",
            best_of(|| drain(Countdown::new(black_box(STEPS)))),
        ),
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
        let Some(time) = time else {
            println!("| {name:<38} | {:>10} | {:>9} |", "not written", "yet");
            continue;
        };
        let per_step = time.as_secs_f64() * 1e9 / f64::from(STEPS + 1);
        println!(
            "| {name:<38} | {:>7.1} ms | {per_step:>6.2} ns |",
            time.as_secs_f64() * 1e3
        );
    }
}
