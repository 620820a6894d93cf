//! Checks for the `foo_and_bar` exercise: `exercises/lesson-04/foo_and_bar.rs`.
//!
//! Every test here runs on ONE may worker thread, spawned from a parent coroutine.
//! Then a coroutine runs until it yields or ends, and the queue is first come, first
//! served: the talk's order is the only possible one, not merely a likely one. (With
//! two workers, foo and bar would run at the same moment on two threads, and the
//! order would be anyone's guess.) A coroutine that sleeps, even for zero, is
//! resumed by may's timer thread and gets the order right only by luck; the test
//! notices that it ended on another OS thread.

use kit::exercise::Exercise;
use kit::timeline::{Lane, Span, Timeline, WAITING};
use lesson_04::foo_and_bar::{Log, bar, foo, joinall};
use may::go;
use std::sync::Arc;
use std::thread;

const EXERCISE: Exercise = Exercise::new("foo_and_bar", "exercises/lesson-04/foo_and_bar.rs");

/// How a failure introduces the round it draws.
const AS_THE_WORKER_RAN_THEM: &str = "as may's one worker ran them (a row per coroutine; ... \
     waiting for the worker from its spawn, [=== from its first line to its last: two at once \
     means each stepped aside while the other ran)";

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

/// One round: the lines in the order they were said, whether foo or bar ended on
/// another OS thread than the one it started on, and (when the test spawned them) when
/// each waited and ran.
struct Round {
    lines: Vec<&'static str>,
    moved: bool,
    run: Vec<Span>,
}

/// foo and bar spawned and joined by the test itself, on the one worker: what the
/// learner's `foo` and `bar` say, whatever their `joinall` does.
fn spawned_by_the_test() -> Round {
    in_a_coroutine(|| {
        let log = Log::default();
        let timeline = Timeline::new();
        let greenlets = [("foo", foo as fn(&Log)), ("bar", bar)].map(|(name, greenlet)| {
            let log = Arc::clone(&log);
            let queued = timeline.begin(Lane::named(name), "waiting for the worker");
            go!(move || {
                let ran = queued.then(WAITING, name);
                // A coroutine that has only yielded is still on the one worker. One
                // that has slept was resumed by may's timer thread, and ends there.
                let start = thread::current().id();
                greenlet(&log);
                let moved = thread::current().id() != start;
                ran.end(if moved {
                    "ended on another OS thread"
                } else {
                    "ran on the worker"
                });
                moved
            })
        });
        let mut moved = false;
        for greenlet in greenlets {
            moved |= greenlet
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        }
        let lines = log.lock().unwrap().clone();
        Round {
            lines,
            moved,
            run: timeline.spans(),
        }
    })
}

/// After the first wrong order, how many more rounds to run: enough to tell "never"
/// from "sometimes", few because a wrong answer can be slow (`std::thread::yield_now`
/// on a loaded machine gives the core away to another program each time).
const MORE_ROUNDS: usize = 20;

/// How the rounds went when some went wrong: a wrong order, or a coroutine that
/// ended on another OS thread (a correct answer, on one worker, never moves).
struct Wrong {
    /// The lines of the first round that went wrong, its number, and its run.
    first: Vec<&'static str>,
    first_round: usize,
    first_run: Vec<Span>,
    /// How many rounds ran, and how many of them gave the talk's order.
    rounds: usize,
    right: usize,
    /// Whether foo or bar ever ended on another OS thread.
    moved: bool,
}

/// Runs `run` up to [`ROUNDS`] times; after the first round that went wrong,
/// [`MORE_ROUNDS`] more at most. `None` if every round went right.
fn wrong_orders(run: impl Fn() -> Round) -> Option<Wrong> {
    let mut seen: Option<Wrong> = None;
    let mut right = 0;
    for round in 1..=ROUNDS {
        let Round {
            lines,
            moved,
            run: spans,
        } = run();
        right += usize::from(lines == TALK);
        match &mut seen {
            None if lines == TALK && !moved => {}
            None => {
                seen = Some(Wrong {
                    first: lines,
                    first_round: round,
                    first_run: spans,
                    rounds: round,
                    right,
                    moved,
                })
            }
            Some(seen) => {
                seen.rounds = round;
                seen.right = right;
                seen.moved |= moved;
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
fn why_foo_and_bar_did_not_take_turns(wrong: &Wrong) -> String {
    let &Wrong {
        rounds,
        right,
        moved,
        ..
    } = wrong;
    if moved {
        format!(
            "foo or bar ended on another OS thread than the one it started on: it slept \
             (the talk's order came out in {right} of {rounds} rounds, by luck). \
             may::coroutine::sleep(Duration::ZERO) is not gevent.sleep(0): it hands the \
             coroutine to may's timer thread, which resumes it there, in parallel with \
             the worker, so the order is a race. To step aside, yield."
        )
    } else if right == 0 {
        format!(
            "in all {rounds} rounds, foo said both its lines before bar said anything: foo \
             never stepped aside. std::thread::yield_now() (or std::thread::sleep) pauses \
             the OS thread, and may knows nothing about it: the coroutine keeps its worker \
             and goes straight on. The yield that puts a coroutine at the back of may's \
             queue is in may::coroutine."
        )
    } else {
        format!(
            "the talk's order came out in {right} of {rounds} rounds, not in all of them: \
             a pause that only sometimes lets the other coroutine run."
        )
    }
}

#[test]
fn foo_and_bar_take_turns() {
    EXERCISE.run(|| {
        let Some(wrong) = wrong_orders(spawned_by_the_test) else {
            // Every round took turns. One more, kept for `cargo workbook run` to show.
            EXERCISE.keep_run(AS_THE_WORKER_RAN_THEM, &spawned_by_the_test().run);
            return;
        };
        EXERCISE.fail(format_args!(
            "the test spawned foo and then bar as coroutines on one worker and joined \
             them. Each should say its first line, then let the other run, then say its \
             last line; but {}\n\n  expected: {TALK:?}\n  round {}: {:?}\n{}\n  \
             Expected: foo's and bar's bars side by side (peak 2).",
            why_foo_and_bar_did_not_take_turns(&wrong),
            wrong.first_round,
            wrong.first,
            EXERCISE.run_of(AS_THE_WORKER_RAN_THEM, wrong.first_run),
        ));
    });
}

#[test]
fn joinall_runs_both_and_waits_for_both() {
    EXERCISE.run(|| {
        let Some(Wrong {
            first: lines,
            rounds,
            right,
            ..
        }) = wrong_orders(|| Round {
            lines: in_a_coroutine(joinall),
            moved: false,
            // joinall spawns its own coroutines, out of the test's sight.
            run: Vec::new(),
        })
        else {
            return;
        };
        // Is it joinall, or foo and bar themselves? The test's own spawn tells.
        if let Some(theirs) = wrong_orders(spawned_by_the_test) {
            EXERCISE.fail(format_args!(
                "joinall() did not return the talk's four lines, and the mistake is in foo \
                 and bar, not in joinall: spawned and joined by the test, {}\n{}",
                why_foo_and_bar_did_not_take_turns(&theirs),
                EXERCISE.run_of(AS_THE_WORKER_RAN_THEM, theirs.first_run),
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
                 four lines; {} of {rounds} rounds did not.\n  {why}",
                rounds - right
            ),
        );
    });
}
