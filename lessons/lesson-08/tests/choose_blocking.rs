//! Checks for the `choose_blocking` exercise: `exercises/lesson-08/choose_blocking.rs`.
//!
//! The same `crunch` runs on both flavours of runtime. Where the work ran is checked
//! with thread ids, the address of the bytes it was given, a meeting with another
//! task, and on the current-thread runtime its report of when its thread sleeps (see
//! `probe/mod.rs`), never with a timer. A failing check ends with the run drawn: the
//! work on the thread it ran on, and what it waited for, beside another task.

mod probe;

use kit::exercise::Exercise;
use kit::timeline::{Timeline, polled};
use lesson_08::choose_blocking::crunch;
use probe::wait::Wait;
use probe::{Rest, Seen, meeting, meeting_beside, watched_runtime};
use std::any::Any;
use std::sync::Arc;
use std::thread::{self, ThreadId};

const EXERCISE: Exercise =
    Exercise::new("choose_blocking", "exercises/lesson-08/choose_blocking.rs");

/// How a failure on the current-thread runtime introduces the run it draws.
const AS_THE_RUNTIME_SAW_IT: &str = "as the threads saw it (the runtime's thread: [=== awake, \
     running a task or blocked in one; another task on it: ... waiting for its first poll, \
     [=== a poll; the work, on the thread it ran on: ... its waits for another task to \
     answer and for the runtime's thread to rest; x a wait that gave up, on a row named \
     for what never came)";

/// How a failure on the multi-thread runtime introduces the run it draws.
const AS_THE_WORKER_SAW_IT: &str = "as the tasks saw it (another task on the runtime's only \
     worker: ... waiting for its first poll, [=== a poll; the work, on the thread it ran \
     on: ... its wait for another task to answer; x a wait that gave up, on a row named \
     for what never came)";

/// The rows of the work's waits that gave up: what never came.
const NO_TURN: &str = "no turn for another task";
const NO_REST: &str = "the runtime never rested";

/// The drawing's row for the work, on this thread: `work, <where>`.
fn work_row(home: ThreadId, home_name: &str) -> String {
    if thread::current().id() == home {
        format!("work, {home_name}")
    } else {
        "work, another thread".to_owned()
    }
}

/// What the work saw: its thread, where its bytes were, the meeting, whether the
/// runtime's thread slept meanwhile (current-thread runtime only), and their sum.
struct Report {
    thread: ThreadId,
    address: usize,
    seen: Seen,
    rest: Option<Rest>,
    sum: u64,
}

fn message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("")
}

#[test]
fn current_thread_runtime_uses_the_blocking_pool() {
    EXERCISE.run(|| {
        // One blocking thread is all the work needs.
        let (runtime, sleeps) = watched_runtime(1);
        runtime.block_on(async {
            let runtime_thread = thread::current().id();
            let (work, neighbour) = meeting_beside(runtime_thread);
            let timeline = sleeps.timeline().clone();
            tokio::spawn(polled(&timeline, "another task", neighbour.answer()));

            let data: Vec<u8> = (1..=100).collect();
            let watching = Arc::clone(&sleeps);
            let task = tokio::spawn(async move {
                crunch(&data, move |bytes| {
                    // A wait dropped without `met` is drawn as given up.
                    let row = work_row(runtime_thread, "runtime's thread");
                    let waiting = Wait::begin(&timeline, &row, "another task answers", NO_TURN);
                    let seen = work.wait_for_neighbour();
                    let rest = seen.met.then(|| {
                        waiting.met();
                        let label = "the runtime's thread rests";
                        let waiting = Wait::begin(&timeline, &row, label, NO_REST);
                        let rest = watching.watch();
                        if rest == Rest::Slept {
                            waiting.met();
                        }
                        rest
                    });
                    Report {
                        thread: thread::current().id(),
                        address: bytes.as_ptr() as usize,
                        seen,
                        rest,
                        sum: bytes.iter().map(|&byte| u64::from(byte)).sum(),
                    }
                })
                .await
            });
            let report = match task.await {
                Ok(report) => report,
                Err(failed) if failed.is_panic() => {
                    let panic = failed.into_panic();
                    if message(&*panic).contains("can call blocking only") {
                        EXERCISE.fail(
                            "block_in_place panicked on a current-thread runtime: it must \
                             hand the thread's other tasks to another thread, and this \
                             runtime has no other. Here, use spawn_blocking.",
                        );
                    }
                    std::panic::resume_unwind(panic)
                }
                Err(failed) => EXERCISE.fail(format_args!("the task failed: {failed}")),
            };
            // One turn for the other task, so that the drawing shows when it first ran.
            tokio::task::yield_now().await;
            let fail = |what: &str| -> ! {
                EXERCISE.fail(format_args!(
                    "{what}\n{}",
                    EXERCISE.run_of(AS_THE_RUNTIME_SAW_IT, sleeps.spans())
                ))
            };
            if report.thread == runtime_thread {
                fail(
                    "The work ran on the runtime's only thread, so every other task waited \
                     for it. On a current-thread runtime, send it to the blocking pool.",
                );
            }
            if !report.seen.met {
                fail(
                    "The work ran on another thread, but the runtime's thread waited for it \
                     without running other tasks: joining a thread (a scoped one too: \
                     `std::thread::scope` joins before it returns) or any other blocking \
                     wait stops the runtime. `.await` the spawn_blocking handle instead.",
                );
            }
            match report.rest {
                Some(Rest::NeverSlept) => fail(
                    "The work ran on the blocking pool and other tasks ran meanwhile, but \
                     the runtime's thread never went to sleep: your task kept waking \
                     itself up. A loop on `is_finished()` with `yield_now().await` is busy \
                     waiting, and burns a core. `.await` the spawn_blocking handle.",
                ),
                Some(Rest::WokeUp) => fail(
                    "The work ran on the blocking pool, but while it was still going on \
                     the runtime's thread kept waking up with nothing to do: your task \
                     polls on a timer. `.await` the spawn_blocking handle: it wakes your \
                     task once, when the work is done.",
                ),
                Some(Rest::Slept) | None => {}
            }
            EXERCISE.keep_run(AS_THE_RUNTIME_SAW_IT, &sleeps.spans());
            EXERCISE.check_eq(report.sum, 5050, "The work summed the bytes 1 to 100.");
        });
    });
}

#[test]
fn multi_thread_runtime_works_in_place() {
    EXERCISE.run(|| {
        // One worker: if the work blocks it, nothing else on the runtime can run.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .expect("a tokio runtime");
        let timeline = Timeline::new();
        let drawn = timeline.clone();
        let (report, caller_thread, address) = runtime.block_on(async {
            tokio::spawn(async move {
                let (work, neighbour) = meeting();
                tokio::spawn(polled(&timeline, "another task", neighbour.answer()));
                let data: Vec<u8> = (1..=100).collect();
                let caller_thread = thread::current().id();
                let report = crunch(&data, move |bytes| {
                    let row = work_row(caller_thread, "caller's thread");
                    // A wait dropped without `met` is drawn as given up.
                    let waiting = Wait::begin(&timeline, &row, "another task answers", NO_TURN);
                    let seen = work.wait_for_neighbour();
                    if seen.met {
                        waiting.met();
                    }
                    Report {
                        thread: thread::current().id(),
                        address: bytes.as_ptr() as usize,
                        seen,
                        rest: None,
                        sum: bytes.iter().map(|&byte| u64::from(byte)).sum(),
                    }
                })
                .await;
                // One turn for the other task, so that the drawing shows when it ran.
                tokio::task::yield_now().await;
                (report, caller_thread, data.as_ptr() as usize)
            })
            .await
            .unwrap_or_else(|failed| std::panic::resume_unwind(failed.into_panic()))
        });
        let fail = |what: &str| -> ! {
            EXERCISE.fail(format_args!(
                "{what}\n{}",
                EXERCISE.run_of(AS_THE_WORKER_SAW_IT, drawn.spans())
            ))
        };
        if !report.seen.met {
            fail(
                "The work blocked the runtime's only worker, and another task could not run \
                 in the meantime. `block_in_place` first hands the worker's other tasks to \
                 a new thread; calling the work directly does not.",
            );
        }
        if report.thread != caller_thread {
            fail(
                "The work ran on another thread. On a multi-thread runtime `block_in_place` \
                 runs it right here, on the caller's thread, with no hand-off.",
            );
        }
        EXERCISE.keep_run(AS_THE_WORKER_SAW_IT, &drawn.spans());
        EXERCISE.check(
            report.address == address,
            "The work got a copy of the data. On a multi-thread runtime, \
             `block_in_place` lets the closure borrow `data`: no copy needed.",
        );
        EXERCISE.check_eq(report.sum, 5050, "The work summed the bytes 1 to 100.");
    });
}
