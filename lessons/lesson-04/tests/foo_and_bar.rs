//! Checks for the `foo_and_bar` exercise: `exercises/lesson-04/foo_and_bar.rs`.
//!
//! Every test here runs on ONE may worker thread, spawned from a parent coroutine.
//! Then a coroutine runs until it yields or ends, and the queue is first come, first
//! served: the talk's order is the only possible one, not merely a likely one. (With
//! two workers, foo and bar would run at the same moment on two threads, and the
//! order would be anyone's guess.)

use kit::exercise::Exercise;
use lesson_04::foo_and_bar::{Log, bar, foo, joinall};
use may::go;
use std::sync::Arc;

const EXERCISE: Exercise = Exercise::new("foo_and_bar", "exercises/lesson-04/foo_and_bar.rs");

/// The talk's output, line for line.
const TALK: [&str; 4] = ["Im in foo!", "Im in bar", "End of foo", "End of bar"];

/// How many times each check is repeated. A correct answer gives the talk's order
/// every time; an answer that only *sometimes* lets the other coroutine run first
/// (see the chapter on `sleep(Duration::ZERO)`) cannot pass them all.
const ROUNDS: usize = 500;

/// Runs `body` in a coroutine on the one worker, so that whatever it spawns waits
/// in the queue until it yields.
fn in_a_coroutine<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
    lesson_04::configure(1);
    go!(body)
        .join()
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
}

#[test]
fn foo_and_bar_take_turns() {
    EXERCISE.run(|| {
        for round in 1..=ROUNDS {
            let lines = in_a_coroutine(|| {
                let log = Log::default();
                let (for_foo, for_bar) = (Arc::clone(&log), Arc::clone(&log));
                let foo = go!(move || foo(&for_foo));
                let bar = go!(move || bar(&for_bar));
                foo.join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
                bar.join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
                log.lock().unwrap().clone()
            });
            EXERCISE.check_eq(
                lines,
                TALK,
                format_args!(
                    "round {round} of {ROUNDS}: the test spawned foo and then bar as coroutines \
                     on one worker and joined them. Each should say its first line, then let \
                     the other run, then say its last line.\n  \
                     \"End of foo\" straight after \"Im in foo!\" means foo never stepped aside. \
                     A right order most of the time but not every time means a pause that \
                     only sometimes lets the other run."
                ),
            );
        }
    });
}

#[test]
fn joinall_runs_both_and_waits_for_both() {
    EXERCISE.run(|| {
        for round in 1..=ROUNDS {
            let lines = in_a_coroutine(joinall);
            EXERCISE.check_eq(
                lines,
                TALK,
                format_args!(
                    "round {round} of {ROUNDS}: joinall() should spawn foo and bar, wait for \
                     both, and return the talk's four lines.\n  \
                     Fewer lines means it returned before the coroutines had finished (join \
                     both handles first). foo's two lines before bar's first means foo was \
                     joined before bar was spawned."
                ),
            );
        }
    });
}
