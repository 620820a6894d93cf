//! Checks for the `nap` exercise: `exercises/lesson-04/nap.rs`.
//!
//! The sleepers run on ONE may worker thread. If a nap blocked that thread, the
//! coroutines could only nap one after another; a nap that parks only its own
//! coroutine lets all ten be asleep at once. The test counts them. A nap that keeps
//! checking the clock (busy waiting) also lets ten "nap" at once, but keeps the
//! worker busy the whole time: the test reads the worker thread's CPU time.

use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline, WAITING};
use lesson_04::nap::nap;
use may::go;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new("nap", "exercises/lesson-04/nap.rs");

/// Long next to the microseconds it takes the worker to start ten coroutines, so
/// that all ten are asleep before the first one wakes, even on a busy machine.
/// Short enough that ten naps in a row (the blocking mistake) end well before the
/// test's time limit.
const NAP: Duration = Duration::from_millis(400);
const SLEEPERS: usize = 10;

/// How a failure introduces the run it draws.
const AS_THE_WORKER_RAN_THEM: &str = "as may's one worker ran the sleepers (a row per \
     coroutine; ... waiting for the worker from its spawn, [=== inside nap)";

/// The nap whose CPU time is measured: long, so that a worker kept busy for all of
/// it gets a lot of CPU time even when other programs keep every core busy.
const WATCHED_NAP: Duration = Duration::from_secs(1);

/// More CPU time than the worker may use during [`WATCHED_NAP`]. A parked coroutine
/// costs it next to nothing; one that keeps checking the clock keeps it busy for the
/// whole nap, and even with every core loaded the worker gets a good share of that.
const BUSY: Duration = Duration::from_millis(20);

/// The tests of this file share may's one worker. One at a time, so that the worker's
/// CPU time during a nap is that nap's alone.
fn one_test_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    // A test that failed while holding the turn has still finished with the worker.
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Counts the coroutines inside `nap` right now, and the most there ever were.
#[derive(Default)]
struct Asleep {
    now: AtomicUsize,
    peak: AtomicUsize,
}

#[test]
fn ten_sleepers_are_asleep_at_the_same_time() {
    let _turn = one_test_at_a_time();
    EXERCISE.run(|| {
        lesson_04::configure(1);
        let asleep = Arc::new(Asleep::default());
        let for_parent = Arc::clone(&asleep);
        let timeline = Timeline::new();
        let for_sleepers = timeline.clone();
        go!(move || {
            // Spawned from a coroutine on the one worker: none starts before all ten
            // are queued.
            let sleepers: Vec<_> = (1..=SLEEPERS)
                .map(|sleeper| {
                    let asleep = Arc::clone(&for_parent);
                    let lane = Lane::named(format!("sleeper {sleeper}"));
                    let queued = for_sleepers.begin(lane, "waiting for the worker");
                    go!(move || {
                        let napping = queued.then(WAITING, "nap");
                        let now = asleep.now.fetch_add(1, Ordering::SeqCst) + 1;
                        asleep.peak.fetch_max(now, Ordering::SeqCst);
                        nap(NAP);
                        asleep.now.fetch_sub(1, Ordering::SeqCst);
                        napping.end("nap");
                    })
                })
                .collect();
            for sleeper in sleepers {
                sleeper
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
            }
        })
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload));

        EXERCISE.check_eq(
            asleep.peak.load(Ordering::SeqCst),
            SLEEPERS,
            format_args!(
                "{SLEEPERS} coroutines on one worker thread each took a nap of {NAP:?}; \
                 all {SLEEPERS} should have been asleep at the same time (expected is the \
                 most that were ever napping together).\n  \
                 1 means each nap blocked the worker thread, so the others could not start \
                 theirs: that is what std::thread::sleep does, and any other call that \
                 blocks the thread (joining a std thread, a std channel's recv).\n{}\n  \
                 Expected: {SLEEPERS} bars side by side, every nap starting before any ends.",
                EXERCISE.run_of(AS_THE_WORKER_RAN_THEM, timeline.spans())
            ),
        );
    });
}

#[test]
fn a_nap_lasts_at_least_its_duration() {
    let _turn = one_test_at_a_time();
    EXERCISE.run(|| {
        lesson_04::configure(1);
        let slept = go!(|| {
            let start = Instant::now();
            nap(NAP);
            start.elapsed()
        })
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        EXERCISE.check(
            slept >= NAP,
            format_args!(
                "nap({NAP:?}) in a coroutine returned after only {slept:?}. Stepping aside \
                 (yield_now) lets the others run, but it is not a nap: the coroutine is \
                 back as soon as its turn comes."
            ),
        );
    });
}

/// The CPU time the worker thread has used so far, read by a coroutine spawned from
/// this plain thread: a coroutine that has not slept yet runs on a worker, and there
/// is one. `None` where the CPU clocks are not available.
fn worker_cpu_time() -> Option<Duration> {
    go!(kit::cpu::thread_time)
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

#[test]
fn napping_leaves_the_worker_idle() {
    let _turn = one_test_at_a_time();
    EXERCISE.run(|| {
        lesson_04::configure(1);
        let Some(before) = worker_cpu_time() else {
            // No CPU clock on this platform: nothing to measure with.
            return;
        };
        go!(|| nap(WATCHED_NAP))
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        let used = worker_cpu_time()
            .expect("the clock worked a moment ago")
            .saturating_sub(before);
        EXERCISE.check(
            used < BUSY,
            format_args!(
                "while a coroutine took a nap of {WATCHED_NAP:?}, its worker thread used {used:?} \
                 of CPU time (a napping coroutine should leave it idle: less than \
                 {BUSY:?}).\n  \
                 A nap that loops until the time is up, yielding or checking the clock on \
                 every turn, is busy waiting: the coroutine is back in the queue at once, \
                 and the worker spins through the whole nap. A real nap parks the \
                 coroutine until a timer wakes it up."
            ),
        );
    });
}
