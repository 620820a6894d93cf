//! Checks for the `countdown_future` exercise: `exercises/lesson-05/countdown_future.rs`.
//!
//! The checks poll your future as a strict executor does: again only after it has
//! been woken, with a new waker each time. So a `Pending` that wakes nobody is caught
//! instead of hanging, and so is a waker kept from an earlier poll. A wake-up from
//! another thread, a moment after the `Pending`, is waited for: that is legal.

use kit::exercise::Exercise;
use lesson_05::countdown_future::Countdown;
use lesson_05::probe::poll_strictly;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new(
    "countdown_future",
    "exercises/lesson-05/countdown_future.rs",
);

/// Polls `Countdown::new(n)` strictly and explains the usual mistakes.
fn check_countdown(n: u32) {
    let seen = poll_strictly(Countdown::new(n), n as usize + 10);
    if seen.stale_wakes > 0 {
        EXERCISE.fail(format_args!(
            "Countdown::new({n}) woke a stale waker: the waker of an earlier poll, \
             not the one in the latest poll's Context (stale wake-ups: {}).\n  \
             An executor may hand each poll a new waker (the task has moved to another \
             thread, or a `select!` wraps it), and only the latest one wakes the task. \
             A waker cloned on the first poll and kept wakes nobody later, so the task \
             hangs. Wake `cx.waker()`, the one this poll was given.",
            seen.stale_wakes
        ));
    }
    if let Some(blocking) = seen.blocking_polls {
        EXERCISE.check(
            blocking * 2 <= seen.polls,
            format_args!(
                "Countdown::new({n}): the thread went to sleep inside poll in {blocking} \
                 of {} polls: a blocking call, such as std::thread::sleep, inside async \
                 code.\n  \
                 A poll must return at once. While it blocks, the executor's thread \
                 stops, and every other task on it waits too. A future waits by \
                 returning Pending and being woken, never by sleeping; this one has \
                 nothing to wait for, so it needs no sleep at all.",
                seen.polls
            ),
        );
    }
    if seen.output.is_none() && seen.wakes < seen.polls {
        EXERCISE.fail(format_args!(
            "Countdown::new({n}): poll {} returned Pending without waking the waker.\n  \
             An executor polls a task again only after its waker is woken, so this \
             future would never be polled again and its task would hang forever.\n  \
             Wake `cx.waker()` before you return Pending (or arrange for someone to \
             wake it soon after).",
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
    EXERCISE.check(
        seen.polls > n as usize,
        format_args!(
            "Countdown::new({n}) was Ready on poll {}, after only {} Pendings; it should \
             return Pending {n} times and be Ready on poll {}. Check where the count \
             stops: `new(n)` means n Pendings, like lesson 01's countdown from n.",
            seen.polls,
            seen.polls - 1,
            n + 1
        ),
    );
    EXERCISE.check(
        seen.wakes <= n as usize,
        format_args!(
            "Countdown::new({n}) woke its waker {} times for {n} Pendings. The poll that \
             returns Ready should not wake it: waking a finished future makes the \
             executor poll it again for nothing (and polling a finished future is a \
             bug of its own). Wake only when you return Pending.",
            seen.wakes
        ),
    );
    EXERCISE.check_eq(
        (seen.polls, seen.wakes, seen.output),
        (n as usize + 1, n as usize, Some(())),
        format_args!(
            "Countdown::new({n}) should return Pending {n} times, waking its waker each \
             time, and be Ready on poll {}, without a wake-up then (polls, wake-ups, \
             output).",
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
    // Real time, not paused: a countdown may be woken by another thread, which a
    // paused clock would not wait for. A correct pair needs microseconds.
    EXERCISE.run_async(|| async {
        let both = async { tokio::join!(Countdown::new(5), Countdown::new(2)) };
        let finished = tokio::time::timeout(Duration::from_secs(3), both).await;
        EXERCISE.check(
            finished.is_ok(),
            "On a tokio runtime, two countdowns awaited together were still unfinished \
             after 3 s: tokio stopped polling them, so a Pending came without a \
             wake-up.",
        );
    });
}
