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

/// foo and bar spawned and joined by the test itself, on the one worker: what the
/// learner's `foo` and `bar` say, whatever their `joinall` does.
fn spawned_by_the_test() -> Vec<&'static str> {
    in_a_coroutine(|| {
        let log = Log::default();
        let (for_foo, for_bar) = (Arc::clone(&log), Arc::clone(&log));
        let first = go!(move || foo(&for_foo));
        let second = go!(move || bar(&for_bar));
        for greenlet in [first, second] {
            greenlet
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        }
        log.lock().unwrap().clone()
    })
}

/// After the first wrong order, how many more rounds tell "never" from "sometimes".
/// Few, because a wrong answer can be slow: `std::thread::yield_now` on a loaded
/// machine gives the core away to another program for a few milliseconds each time.
const MORE_ROUNDS: usize = 20;

/// How the rounds went when some gave a wrong order.
struct Wrong {
    /// The first wrong order, and its round.
    first: Vec<&'static str>,
    first_round: usize,
    /// How many rounds ran, and how many of them gave a wrong order.
    rounds: usize,
    wrong: usize,
}

/// Runs `run` up to [`ROUNDS`] times; after the first wrong order, [`MORE_ROUNDS`]
/// more at most. `None` if every round gave the talk's order.
fn wrong_orders(run: impl Fn() -> Vec<&'static str>) -> Option<Wrong> {
    let mut seen: Option<Wrong> = None;
    for round in 1..=ROUNDS {
        let lines = run();
        let right = lines == TALK;
        match &mut seen {
            None if right => {}
            None => {
                seen = Some(Wrong {
                    first: lines,
                    first_round: round,
                    rounds: round,
                    wrong: 1,
                })
            }
            Some(seen) => {
                seen.rounds = round;
                seen.wrong += usize::from(!right);
            }
        }
        if seen
            .as_ref()
            .is_some_and(|seen| round >= seen.first_round + MORE_ROUNDS)
        {
            break;
        }
    }
    seen
}

/// What it means when foo and bar, spawned and joined correctly, did not take turns.
fn why_foo_and_bar_did_not_take_turns(&Wrong { rounds, wrong, .. }: &Wrong) -> String {
    if wrong == rounds {
        format!(
            "in all {rounds} rounds, foo said both its lines before bar said anything: foo \
             never stepped aside. std::thread::yield_now() (or std::thread::sleep) pauses \
             the OS thread, and may knows nothing about it: the coroutine keeps its worker \
             and goes straight on. The yield that puts a coroutine at the back of may's \
             queue is in may::coroutine."
        )
    } else {
        format!(
            "the talk's order came out in {} of {rounds} rounds, not in all of them: a \
             pause that only sometimes lets the other coroutine run. \
             may::coroutine::sleep(Duration::ZERO) is not gevent.sleep(0): it hands the \
             coroutine to may's timer thread, which resumes it there, in parallel with \
             the worker. To step aside, yield.",
            rounds - wrong
        )
    }
}

#[test]
fn foo_and_bar_take_turns() {
    EXERCISE.run(|| {
        let Some(wrong) = wrong_orders(spawned_by_the_test) else {
            return;
        };
        EXERCISE.check_eq(
            &wrong.first,
            &TALK,
            format_args!(
                "the test spawned foo and then bar as coroutines on one worker and joined \
                 them. Each should say its first line, then let the other run, then say \
                 its last line; but {}",
                why_foo_and_bar_did_not_take_turns(&wrong)
            ),
        );
    });
}

#[test]
fn joinall_runs_both_and_waits_for_both() {
    EXERCISE.run(|| {
        let Some(Wrong {
            first: lines,
            rounds,
            wrong,
            ..
        }) = wrong_orders(|| in_a_coroutine(joinall))
        else {
            return;
        };
        // Is it joinall, or foo and bar themselves? The test's own spawn tells.
        if let Some(theirs) = wrong_orders(spawned_by_the_test) {
            EXERCISE.fail(format_args!(
                "joinall() did not return the talk's four lines, and the mistake is in foo \
                 and bar, not in joinall: spawned and joined by the test, {}",
                why_foo_and_bar_did_not_take_turns(&theirs)
            ));
        }
        let why = if lines.len() < TALK.len() {
            "Fewer lines means it returned before the coroutines had finished: join both \
             handles before you read the log."
        } else if lines[..2] == ["Im in foo!", "End of foo"] {
            "foo said both its lines before bar said anything, though foo and bar take \
             turns when the test spawns them: foo was joined before bar was spawned. \
             gevent.joinall waits for greenlets that were all spawned first: spawn both, \
             then join both."
        } else {
            "It should spawn foo, then bar, then join both."
        };
        EXERCISE.check_eq(
            lines,
            TALK,
            format_args!(
                "joinall() should spawn foo and bar, wait for both, and return the talk's \
                 four lines; {wrong} of {rounds} rounds did not.\n  {why}"
            ),
        );
    });
}
