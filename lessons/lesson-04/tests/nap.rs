//! Checks for the `nap` exercise: `exercises/lesson-04/nap.rs`.
//!
//! The sleepers run on ONE may worker thread. If a nap blocked that thread, the
//! coroutines could only nap one after another; a nap that parks only its own
//! coroutine lets all ten be asleep at once. The test counts them.

use kit::exercise::Exercise;
use lesson_04::nap::nap;
use may::go;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new("nap", "exercises/lesson-04/nap.rs");

/// Long next to the microseconds it takes the worker to start ten coroutines, so
/// that all ten are asleep before the first one wakes, even on a busy machine.
/// Short enough that ten naps in a row (the blocking mistake) end well before the
/// test's time limit.
const NAP: Duration = Duration::from_millis(400);
const SLEEPERS: usize = 10;

/// Counts the coroutines inside `nap` right now, and the most there ever were.
#[derive(Default)]
struct Asleep {
    now: AtomicUsize,
    peak: AtomicUsize,
}

#[test]
fn ten_sleepers_are_asleep_at_the_same_time() {
    EXERCISE.run(|| {
        lesson_04::configure(1);
        let asleep = Arc::new(Asleep::default());
        let for_parent = Arc::clone(&asleep);
        go!(move || {
            // Spawned from a coroutine on the one worker: none starts before all ten
            // are queued.
            let sleepers: Vec<_> = (0..SLEEPERS)
                .map(|_| {
                    let asleep = Arc::clone(&for_parent);
                    go!(move || {
                        let now = asleep.now.fetch_add(1, Ordering::SeqCst) + 1;
                        asleep.peak.fetch_max(now, Ordering::SeqCst);
                        nap(NAP);
                        asleep.now.fetch_sub(1, Ordering::SeqCst);
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
                 theirs: that is what std::thread::sleep does."
            ),
        );
    });
}

#[test]
fn a_nap_lasts_at_least_its_duration() {
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
