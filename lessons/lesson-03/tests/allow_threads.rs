//! Checks for the `allow_threads` exercise: `exercises/lesson-03/allow_threads.rs`.

use kit::exercise::Exercise;
use kit::timeline::{ABANDONED, Lane, Timeline, WAITING};
use lesson_03::gil::Gil;
use std::panic::resume_unwind;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("allow_threads", "exercises/lesson-03/allow_threads.rs");

/// How a failure introduces the run it draws.
const AS_THE_GIL_SAW_IT: &str = "as the GIL saw it (a row per thread; [=== holding the GIL, \
     ... waiting for it or, with it released, blocked; xxx a wait for it that never ended)";

/// How long the other thread waits for the GIL before it calls it a deadlock. A
/// correct answer hands the GIL over at once; this only bounds a wrong one.
const PATIENCE: Duration = Duration::from_secs(3);

#[test]
fn another_thread_runs_while_one_waits() {
    EXERCISE.run(|| {
        let gil = Gil::new(100);
        let (holding, held) = mpsc::channel();
        let (send_message, inbox) = mpsc::channel();
        // What each thread did with the GIL, seen from the test's side of allow_threads:
        // the closure cannot tell when the GIL was released, but it can tell whether it is.
        let timeline = Timeline::new();

        let (gil, watch) = (&gil, &timeline);
        let (message, held_after, helper_ran) = thread::scope(|scope| {
            let waiter = scope.spawn(move || {
                let mut py = gil.acquire();
                let hold = watch.begin(Lane::named("waiter"), "holds the GIL");
                holding.send(()).unwrap();
                // Blocks until the helper sends: the helper needs the GIL to do that.
                let (message, blocked, kind) = py.allow_threads(|| {
                    let (label, kind) = if gil.is_held_by_current_thread() {
                        ("blocked, holding the GIL", "held")
                    } else {
                        ("blocked, GIL released", WAITING)
                    };
                    let blocked = hold.then("held", label);
                    (inbox.recv().unwrap(), blocked, kind)
                });
                let taking_back = blocked.then(kind, "taking the GIL back");
                let held_after = gil.is_held_by_current_thread();
                if held_after {
                    taking_back.then(WAITING, "holds the GIL").end("held");
                } else {
                    taking_back.end(WAITING);
                }
                (message, held_after)
            });
            let helper = scope.spawn(move || {
                held.recv().unwrap(); // the waiter holds the GIL now
                let waiting = watch.begin(Lane::named("helper"), "waiting for the GIL");
                let ran = match gil.try_acquire_for(PATIENCE) {
                    Some(mut py) => {
                        let step = waiting.then(WAITING, "a step");
                        let said = py.step(|| "hello from the other thread");
                        step.end("held");
                        said
                    }
                    None => {
                        waiting.end(ABANDONED);
                        "NOTHING: it never got the GIL"
                    }
                };
                // Sent even after a failure, so that the waiter wakes up. (If the
                // waiter has panicked, nobody is listening, and that is fine.)
                let _ = send_message.send(ran);
                ran
            });
            // A panic in the waiter (a `todo!()`, say) is reported as itself.
            let (message, held_after) = waiter.join().unwrap_or_else(|p| resume_unwind(p));
            (message, held_after, helper.join().unwrap())
        });

        let run = EXERCISE.run_of(AS_THE_GIL_SAW_IT, timeline.spans());
        EXERCISE.check(
            helper_ran != "NOTHING: it never got the GIL",
            format_args!(
                "One thread called allow_threads around a blocking wait; the other thread \
                 waited {PATIENCE:?} for the GIL and never got it. The waiting thread kept \
                 the GIL while it was blocked: release it BEFORE running the closure.\n{run}\n  \
                 Expected: the waiter's hold ends before its blocking wait, and the \
                 helper holds the GIL during it."
            ),
        );
        EXERCISE.check_eq(
            message,
            "hello from the other thread",
            "allow_threads should return what the blocking closure returned.",
        );
        EXERCISE.check(
            held_after,
            format_args!(
                "allow_threads returned, but the thread does not hold the GIL any more. Take \
                 it back (reacquire) before returning: the caller goes on running Python \
                 steps.\n{run}\n  Expected: the waiter's row ends holding the GIL again."
            ),
        );
    });
}

#[test]
fn the_gil_is_free_during_the_call_and_held_after() {
    EXERCISE.run(|| {
        let gil = Gil::new(100);
        let mut py = gil.acquire();
        let held_during = py.allow_threads(|| gil.is_held_by_current_thread());
        EXERCISE.check(
            !held_during,
            "Inside the blocking closure the thread still held the GIL. allow_threads must \
             release it before calling the closure, and take it back only after the \
             closure has returned; otherwise every other thread stops while this one \
             waits.",
        );
        EXERCISE.check(
            gil.is_held_by_current_thread(),
            "After allow_threads the thread must hold the GIL again (reacquire it).",
        );
        EXERCISE.check_eq(
            py.allow_threads(|| 6 * 7),
            42,
            "allow_threads should hand back the closure's result.",
        );
        EXERCISE.check_eq(
            py.step(|| "a step"),
            "a step",
            "After two calls to allow_threads the thread should still be able to run steps.",
        );
    });
}
