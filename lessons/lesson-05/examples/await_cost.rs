//! What does an `.await` cost? From plain function calls (inlined, and not), through `.await`s that
//! never suspend, to real suspensions through tokio's scheduler, spawned tasks, and
//! OS threads for comparison.
//!
//! Run it: cargo run --release -p lesson-05 --example await_cost

use std::future::Future;
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

const CALLS: u64 = 10_000_000;
const YIELDS: u64 = 1_000_000;
const TASKS: u64 = 100_000;
const THREADS: u64 = 10_000;
const RUNS: usize = 5;

/// The fair control for an `.await` that never suspends: the compiler may inline
/// both, so both loops end up with the same body.
#[inline(always)]
fn add_one_inlined(x: u64) -> u64 {
    black_box(x) + 1
}

/// The cost of a real call: the compiler is told to leave the call in.
#[inline(never)]
fn add_one(x: u64) -> u64 {
    black_box(x) + 1
}

async fn add_one_async(x: u64) -> u64 {
    black_box(x) + 1
}

/// Polls a future that never suspends (every `.await` inside is ready at once) with a
/// waker that does nothing: no executor, only the state machine.
fn run_ready<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("nothing in these futures waits"),
    }
}

fn inlined_calls() -> u64 {
    (0..CALLS).fold(0, |sum, _| add_one_inlined(sum))
}

fn calls() -> u64 {
    (0..CALLS).fold(0, |sum, _| add_one(sum))
}

fn awaits() -> u64 {
    run_ready(async {
        let mut sum = 0;
        for _ in 0..CALLS {
            sum = add_one_async(sum).await;
        }
        sum
    })
}

fn dyn_awaits() -> u64 {
    run_ready(async {
        let mut sum = 0;
        for _ in 0..CALLS {
            // The same future behind a `dyn Future`: the compiler cannot see which
            // `poll` it calls, so it cannot inline it.
            let future: Pin<&mut dyn Future<Output = u64>> = pin!(add_one_async(sum));
            sum = black_box(future).await;
        }
        sum
    })
}

fn yields(runtime: &tokio::runtime::Runtime) -> u64 {
    runtime.block_on(async {
        // Spawned, so that on the multi-thread runtime it runs on a worker thread.
        tokio::spawn(async {
            for _ in 0..YIELDS {
                tokio::task::yield_now().await;
            }
            YIELDS
        })
        .await
        .expect("no panic")
    })
}

fn tasks(runtime: &tokio::runtime::Runtime) -> u64 {
    runtime.block_on(async {
        let mut set = JoinSet::new();
        for n in 0..TASKS {
            set.spawn(async move { black_box(n) });
        }
        set.join_all().await.len() as u64
    })
}

fn threads() -> u64 {
    (0..THREADS)
        .map(|n| std::thread::spawn(move || black_box(n)))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|thread| thread.join().expect("no panic"))
        .sum()
}

/// The fastest of `RUNS` timings of `work`.
fn best_of(work: impl Fn() -> u64) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            start.elapsed()
        })
        .min()
        .expect("RUNS is not zero")
}

fn main() {
    let one = lesson_05::tour::current_thread();
    let two = lesson_05::tour::multi_thread(2);
    let rows: [(&str, u64, Duration); 9] = [
        ("function call, inlined", CALLS, best_of(inlined_calls)),
        ("function call, not inlined", CALLS, best_of(calls)),
        (".await, ready at once", CALLS, best_of(awaits)),
        (
            ".await on a dyn Future, ready at once",
            CALLS,
            best_of(dyn_awaits),
        ),
        (
            "yield_now().await, current-thread",
            YIELDS,
            best_of(|| yields(&one)),
        ),
        (
            "yield_now().await, multi-thread (2)",
            YIELDS,
            best_of(|| yields(&two)),
        ),
        (
            "spawn + join a task, current-thread",
            TASKS,
            best_of(|| tasks(&one)),
        ),
        (
            "spawn + join a task, multi-thread (2)",
            TASKS,
            best_of(|| tasks(&two)),
        ),
        ("spawn + join an OS thread", THREADS, best_of(threads)),
    ];

    println!("Best of {RUNS} runs:\n");
    println!("| {:<40} | {:>10} | {:>11} |", "what", "count", "each");
    println!("|{:-<42}|{:->12}|{:->13}|", "", "", "");
    for (name, count, time) in rows {
        let each = time.as_secs_f64() * 1e9 / count as f64;
        println!("| {name:<40} | {count:>10} | {each:>8.2} ns |");
    }
}
