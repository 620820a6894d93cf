//! Checks for the `allow_threads` exercise: `exercises/lesson-03/allow_threads.rs`.

use kit::exercise::Exercise;
use lesson_03::gil::Gil;
use std::panic::resume_unwind;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("allow_threads", "exercises/lesson-03/allow_threads.rs");

/// How long the other thread waits for the GIL before it calls it a deadlock. A
/// correct answer hands the GIL over at once; this only bounds a wrong one.
const PATIENCE: Duration = Duration::from_secs(3);

#[test]
fn another_thread_runs_while_one_waits() {
    EXERCISE.run(|| {
        let gil = Gil::new(100);
        let (holding, held) = mpsc::channel();
        let (send_message, inbox) = mpsc::channel();

        let gil = &gil;
        let (message, held_after, helper_ran) = thread::scope(|scope| {
            let waiter = scope.spawn(move || {
                let mut py = gil.acquire();
                holding.send(()).unwrap();
                // Blocks until the helper sends: the helper needs the GIL to do that.
                let message = py.allow_threads(|| inbox.recv().unwrap());
                (message, gil.is_held_by_current_thread())
            });
            let helper = scope.spawn(move || {
                held.recv().unwrap(); // the waiter holds the GIL now
                let ran = match gil.try_acquire_for(PATIENCE) {
                    Some(mut py) => py.step(|| "hello from the other thread"),
                    None => "NOTHING: it never got the GIL",
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

        EXERCISE.check(
            helper_ran != "NOTHING: it never got the GIL",
            format_args!(
                "One thread called allow_threads around a blocking wait; the other thread \
                 waited {PATIENCE:?} for the GIL and never got it. The waiting thread kept \
                 the GIL while it was blocked: release it BEFORE running the closure."
            ),
        );
        EXERCISE.check_eq(
            message,
            "hello from the other thread",
            "allow_threads should return what the blocking closure returned.",
        );
        EXERCISE.check(
            held_after,
            "allow_threads returned, but the thread does not hold the GIL any more. Take it \
             back (reacquire) before returning: the caller goes on running Python steps.",
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
