//! Checks for the `countdown_future` exercise: `exercises/lesson-05/countdown_future.rs`.
//!
//! The checks poll your future as a strict executor does: again only after it has
//! been woken. So a `Pending` that wakes nobody is caught at once instead of hanging.

use kit::exercise::Exercise;
use lesson_05::countdown_future::Countdown;
use lesson_05::probe::{Strict, poll_strictly};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new(
    "countdown_future",
    "exercises/lesson-05/countdown_future.rs",
);

/// Polls `Countdown::new(n)` strictly and explains the usual mistakes.
fn check_countdown(n: u32) {
    let seen = poll_strictly(Countdown::new(n), n as usize + 10);
    let expected = Strict {
        polls: n as usize + 1,
        wakes: n as usize,
        output: Some(()),
    };
    if seen.output.is_none() && seen.wakes < seen.polls {
        EXERCISE.fail(format_args!(
            "Countdown::new({n}): poll {} returned Pending without waking the waker.\n  \
             An executor polls a task again only after its waker is woken, so this \
             future would never be polled again and its task would hang forever.\n  \
             Wake `cx.waker()` before you return Pending.",
            seen.polls
        ));
    }
    if seen.output.is_none() {
        EXERCISE.fail(format_args!(
            "Countdown::new({n}) was still Pending after {} polls; it should be Ready \
             on poll {}. Does each poll count down?",
            seen.polls,
            n + 1
        ));
    }
    EXERCISE.check_eq(
        seen,
        expected,
        format_args!(
            "Countdown::new({n}) should return Pending {n} times, waking its waker each \
             time, and be Ready on poll {}, without a wake-up then (waking a finished \
             future makes the executor poll it for nothing).",
            n + 1
        ),
    );
}

#[test]
fn pending_three_times_then_ready() {
    EXERCISE.run(|| check_countdown(3));
}

#[test]
fn zero_is_ready_at_once() {
    EXERCISE.run(|| check_countdown(0));
}

#[test]
fn a_long_countdown() {
    EXERCISE.run(|| check_countdown(1000));
}

#[test]
fn tokio_runs_it_to_the_end() {
    EXERCISE.run_paused(|| async {
        // Time is paused: if every task waits and none is woken, tokio jumps the clock
        // straight to the timeout instead of hanging.
        let both = async { tokio::join!(Countdown::new(5), Countdown::new(2)) };
        let finished = tokio::time::timeout(Duration::from_secs(60), both).await;
        EXERCISE.check(
            finished.is_ok(),
            "On a tokio runtime, two countdowns awaited together never finished: tokio \
             stopped polling them because a Pending came without a wake-up.",
        );
    });
}
