//! Checks for the `tickets` exercise: `exercises/lesson-03/tickets.rs`.
//!
//! On a 2-core machine a stress test (two threads, a million tickets each) can pass
//! a racy dispenser many times in a row: the bad interleaving needs one thread to be
//! paused between exactly two instructions. loom does not wait for luck. Inside
//! `loom::model`, every atomic operation is a point where loom may switch threads,
//! and the model runs the closure again for every order the threads could take,
//! so a race is found every time, in milliseconds.

use kit::exercise::Exercise;
use loom::sync::Arc;
use loom::thread;
use std::fmt::{self, Display};
use tickets::{Dispenser, Gauge};

// Which of loom's methods an answer uses is up to the answer.
#[allow(dead_code)]
mod watched;

const EXERCISE: Exercise = Exercise::new("tickets", "exercises/lesson-03/tickets.rs");

/// How a failure introduces the run it draws.
const AS_LOOM_RAN_IT: &str = "as loom ran it (a row per thread; [=== one atomic operation, or \
     a load and the thread's next write to that atomic; xxx such a pair acting on a value that \
     was no longer the latest: the other thread wrote in between, or earlier and loom let the \
     load return the older value)";

// ANCHOR: facade
/// What `crate::sync` names in the exercise file when this test compiles it: loom's
/// atomics, which loom can pause and reorder. The lesson crate's own `sync` module
/// names the standard library's. (`AtomicUsize` is loom's too, watched: each of its
/// operations is recorded, for the drawing of a failure.)
mod sync {
    pub mod atomic {
        pub use crate::watched::AtomicUsize;
        pub use loom::sync::atomic::*;
    }
}

// The exercise file itself, compiled a second time, inside this test, against the
// `sync` module above. (This test does not call every method it has.)
#[allow(dead_code)]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/tickets.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/tickets.rs")]
mod tickets;
// ANCHOR_END: facade

/// The run loom is exploring now, drawn only when a failure shows it: loom tries many
/// runs, and only the one that breaks a check is worth a drawing.
struct ThisRun;

impl Display for ThisRun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let run = EXERCISE.run_of(AS_LOOM_RAN_IT, watched::spans());
        write!(f, "{run}")
    }
}

/// Keeps the last run loom tried, for `cargo workbook run` to show: every run passed.
fn keep_the_last_run() {
    EXERCISE.keep_run(AS_LOOM_RAN_IT, &watched::spans());
}

#[test]
fn two_threads_never_get_the_same_ticket() {
    EXERCISE.run(|| {
        loom::model(|| {
            watched::start_run();
            let dispenser = Arc::new(Dispenser::new());
            let shared = Arc::clone(&dispenser);
            let other = thread::spawn(move || shared.take());
            let mine = dispenser.take();
            let theirs = other.join().unwrap();
            EXERCISE.check(
                mine != theirs,
                format_args!(
                    "loom found an order of events in which both threads got ticket \
                     {mine}. Two threads, two tickets: they must be 0 and 1.\n  \
                     A load and a store are two steps (whichever comes first), and the \
                     other thread can run between them. Take the ticket and move the \
                     counter on in ONE atomic operation.\n{ThisRun}"
                ),
            );
            let mut both = [mine, theirs];
            both.sort();
            EXERCISE.check_eq(
                both,
                [0, 1],
                "The first two tickets are 0 and 1. `fetch_add` returns the value from \
                 BEFORE the addition: that value is the ticket, with no + 1.",
            );
            let next = dispenser.take();
            EXERCISE.check(
                next == 2,
                format_args!(
                    "Two threads took tickets {mine} and {theirs}; the next customer got \
                     {next}, not 2. loom found an order of events in which the counter \
                     did not move on once per ticket: a `compare_exchange` that failed \
                     (another thread moved the counter first) was taken as done. When it \
                     fails, try again with the value it found, in a loop, or use \
                     `fetch_add`, which cannot fail.\n{ThisRun}"
                ),
            );
        });
        keep_the_last_run();
    });
}

#[test]
fn the_peak_is_never_lowered() {
    EXERCISE.run(|| {
        loom::model(|| {
            watched::start_run();
            let gauge = Arc::new(Gauge::new());
            let shared = Arc::clone(&gauge);
            let other = thread::spawn(move || shared.enter());
            gauge.enter();
            other.join().unwrap();
            EXERCISE.check_eq(
                gauge.peak(),
                2,
                format_args!(
                    "Two requests entered and neither left, so at the end 2 were in flight \
                     and the peak must be 2. loom found an order in which it ends lower: \
                     one thread read the peak (0), the other raised it, and the first acted \
                     on what it had read: stored its own 1 over the 2, or let the 2 be lost \
                     when its compare_exchange failed.\n  \
                     \"Store the larger of the two\" must be one atomic operation \
                     (`fetch_max`), or a compare_exchange tried again until it succeeds or \
                     the peak is already higher.\n{ThisRun}"
                ),
            );
        });
        keep_the_last_run();
    });
}
