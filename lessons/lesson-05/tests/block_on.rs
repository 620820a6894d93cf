//! Checks for the `block_on` exercise: `exercises/lesson-05/block_on.rs`.
//!
//! The futures here are probes (`lesson_05::probe`): they return Pending a known
//! number of times and count how often they are polled and woken. Each is watched
//! (`tests/watched/polls.rs`), so that a failure can draw its polls and wake-ups.

#[path = "watched/polls.rs"]
mod polls;

use kit::exercise::Exercise;
use lesson_05::block_on::block_on;
use lesson_05::probe::{Probe, WakeFrom, finish_within};
use polls::{Run, watched};
use std::sync::Arc;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("block_on", "exercises/lesson-05/block_on.rs");

/// How a failure introduces the run it draws.
const AS_THE_FUTURE_SAW_IT: &str = "as the future saw your block_on (a row for the polls: \
     [=== a poll, ... waiting for a wake-up, xxx a wait no poll ever ended; a row for any \
     poll that came with no wake-up since the one before, 8 drawn at most per wait; a row \
     for the wake-ups, [ for each)";

/// How long a correct `block_on` could possibly need here, with room to spare.
const LIMIT: Duration = Duration::from_secs(3);

/// Runs `block_on(future)` on its own thread, watched; fails with `stuck` and the run
/// so far if it never returns. Returns the output and the run.
fn block_on_within<F>(future: F, stuck: &str) -> (F::Output, Arc<Run>)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (future, run) = watched(future);
    let output = finish_within(LIMIT, move || block_on(future)).unwrap_or_else(|| {
        EXERCISE.fail(format_args!(
            "block_on was still running after {LIMIT:?}. {stuck}\n{}",
            EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
        ))
    });
    (output, run)
}

const LOST: &str = "The future was woken, but block_on never polled it again: a lost \
     wake-up. Does ThreadWaker::wake unpark the thread that is parked in block_on \
     (the one saved in ThreadWaker, not the thread calling wake)? Does block_on clear \
     `woken` only just before it polls? Cleared after the poll, it forgets a wake-up \
     that came during the poll, and parks for good.";

#[test]
fn returns_what_a_ready_future_returns() {
    EXERCISE.run(|| {
        let (answer, _) = block_on_within(async { 6 * 7 }, LOST);
        EXERCISE.check_eq(answer, 42, "block_on(async { 6 * 7 }) should return 42.");
    });
}

#[test]
fn polls_again_after_each_wake_up() {
    EXERCISE.run(|| {
        let (probe, tally) = Probe::new(5, WakeFrom::Itself);
        let (polls, run) = block_on_within(probe, LOST);
        EXERCISE.check_eq(
            (polls, tally.polls(), tally.wakes()),
            (6, 6, 5),
            format_args!(
                "A future that is Pending 5 times, waking itself each time, should be \
                 polled 6 times: once at the start and once after each wake-up. \
                 (polls seen by the future's output, polls counted, wake-ups)\n{}",
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ),
        );
    });
}

#[test]
fn sleeps_until_woken_from_another_thread() {
    EXERCISE.run(|| {
        // Each time this probe is Pending, a helper thread wakes it a moment later.
        let (probe, tally) = Probe::new(3, WakeFrom::AnotherThread);
        let (_, run) = block_on_within(probe, LOST);
        if tally.unwoken_polls() > 0 {
            EXERCISE.fail(format_args!(
                "block_on polled the future {} times while it was waiting for a \
                 wake-up that had not come yet: busy-polling, which keeps a core busy \
                 doing nothing. Park the thread after a Pending, and poll again only \
                 once the waker has been woken.\n{}",
                tally.unwoken_polls(),
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ));
        }
        EXERCISE.check_eq(
            (tally.polls(), tally.wakes()),
            (4, 3),
            format_args!(
                "Pending 3 times, woken from another thread each time: 4 polls, 3 \
                 wake-ups (polls, wake-ups).\n{}",
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ),
        );
    });
}

#[test]
fn runs_an_async_block_with_several_awaits() {
    EXERCISE.run(|| {
        let (first, _) = Probe::new(2, WakeFrom::Itself);
        let (second, _) = Probe::new(1, WakeFrom::AnotherThread);
        let (third, _) = Probe::new(0, WakeFrom::Itself);
        let (total, run) = block_on_within(
            async move { first.await + second.await + third.await },
            LOST,
        );
        EXERCISE.check_eq(
            total,
            3 + 2 + 1,
            format_args!(
                "An async block that awaits three futures in turn (Pending 2, 1 and 0 \
                 times) should run each to the end: 3 + 2 + 1 polls. More polls than \
                 that means polling without a wake-up (busy-polling).\n{}",
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ),
        );
    });
}

#[test]
fn a_spurious_unpark_is_not_a_wake_up() {
    EXERCISE.run(|| {
        // After the Pending, a helper thread unparks the thread of block_on without
        // waking anything; only later does it wake the future for real.
        let (probe, tally) = Probe::new(1, WakeFrom::AnotherThreadAfterAFalseAlarm);
        let (_, run) = block_on_within(probe, LOST);
        if tally.unwoken_polls() > 0 {
            EXERCISE.fail(format_args!(
                "block_on polled the future again after `thread::park` returned, but \
                 nothing had woken it: the thread was unparked spuriously (here by the \
                 test; `park` may also return for no reason at all). The future was \
                 polled {} time(s) for nothing.\n  \
                 That is what ThreadWaker's `woken` flag is for: park in a loop until \
                 the flag says a wake-up came, `while !woken.swap(false, ..) {{ \
                 thread::park(); }}`, then poll.\n{}",
                tally.unwoken_polls(),
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ));
        }
        EXERCISE.check_eq(
            (tally.polls(), tally.wakes()),
            (2, 1),
            format_args!(
                "Pending once, woken once: 2 polls, 1 wake-up (polls, wake-ups).\n{}",
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ),
        );
    });
}

/// How long the future of `sleeps_while_the_future_waits` waits for its wake-up.
const WAIT: Duration = Duration::from_millis(600);

/// The most CPU time the thread of block_on may use over `WAIT`. A parked thread uses
/// microseconds; one that spins uses most of a core on a quiet machine, and tens of
/// milliseconds when two other programs keep both cores busy.
const MOST_CPU: Duration = Duration::from_millis(25);

/// How many times the thread of block_on may be switched out over `WAIT` while it could
/// have run on. A parked thread is not running, so it is not switched out; on a machine
/// so busy that a spinner gets almost no CPU, the spinner is switched out each time it
/// gets a core back, dozens of times over `WAIT`.
const MOST_PREEMPTIONS: u64 = 5;

/// How many times the thread of block_on may go to sleep over `WAIT`. A correct one
/// parks once; one that naps a millisecond between checks of the flag, hundreds of times.
const MOST_SLEEPS: u64 = 4;

#[test]
fn sleeps_while_the_future_waits() {
    EXERCISE.run(|| {
        let (probe, tally) = Probe::new(1, WakeFrom::AnotherThreadAfter(WAIT));
        let (probe, run) = watched(probe);
        let measured = finish_within(LIMIT, move || {
            kit::cpu::thread_usage_of(|| block_on(probe)).1
        });
        let Some(usage) = measured else {
            EXERCISE.fail(format_args!(
                "block_on was still running after {LIMIT:?}. {LOST}\n{}",
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ))
        };
        if tally.unwoken_polls() > 0 {
            EXERCISE.fail(format_args!(
                "While the future waited {WAIT:?} for a wake-up from another thread, \
                 block_on polled it {} time(s) without one: polling on a timer (a \
                 `park_timeout`, a sleep) instead of waiting for the wake-up. Park until \
                 the waker says so.\n{}",
                tally.unwoken_polls(),
                EXERCISE.run_of(AS_THE_FUTURE_SAW_IT, run.spans())
            ));
        }
        let cpu = usage.cpu.unwrap_or_default();
        let preemptions = usage.preemptions.unwrap_or_default();
        EXERCISE.check(
            cpu <= MOST_CPU && preemptions <= MOST_PREEMPTIONS,
            format_args!(
                "While the future waited {WAIT:?} for a wake-up, the thread of block_on \
                 kept running: it used {cpu:.1?} of CPU and was switched out by the \
                 scheduler {preemptions} times to let other threads run. That is busy \
                 waiting (a loop around `yield_now` or a check of the flag), which keeps \
                 a core busy doing nothing. A parked thread uses next to no CPU and is \
                 never switched out. Wait with `thread::park()`, and let \
                 ThreadWaker::wake unpark you."
            ),
        );
        let sleeps = usage.sleeps.unwrap_or_default();
        EXERCISE.check(
            sleeps <= MOST_SLEEPS,
            format_args!(
                "While the future waited {WAIT:?} for a wake-up, the thread of block_on \
                 went to sleep {sleeps} times: napping in a loop (`thread::sleep` \
                 between checks of the flag) instead of parking once. Each nap delays \
                 the wake-up, and each check wakes the thread for nothing. \
                 `thread::park()` sleeps until ThreadWaker::wake unparks the thread: no \
                 sooner, no later."
            ),
        );
    });
}
