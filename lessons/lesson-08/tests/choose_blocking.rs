//! Checks for the `choose_blocking` exercise: `exercises/lesson-08/choose_blocking.rs`.
//!
//! The same `crunch` runs on both flavours of runtime. Where the work ran is checked
//! with thread ids, the address of the bytes it was given, a meeting with another
//! task, and on the current-thread runtime its report of when its thread sleeps (see
//! `probe/mod.rs`), never with a timer.

mod probe;

use kit::exercise::Exercise;
use lesson_08::choose_blocking::crunch;
use probe::{Rest, Seen, meeting, meeting_beside, watched_runtime};
use std::any::Any;
use std::thread::{self, ThreadId};

const EXERCISE: Exercise =
    Exercise::new("choose_blocking", "exercises/lesson-08/choose_blocking.rs");

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
            tokio::spawn(neighbour.answer());

            let data: Vec<u8> = (1..=100).collect();
            let task = tokio::spawn(async move {
                crunch(&data, move |bytes| {
                    let seen = work.wait_for_neighbour();
                    Report {
                        thread: thread::current().id(),
                        address: bytes.as_ptr() as usize,
                        seen,
                        rest: seen.met.then(|| sleeps.watch()),
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
            EXERCISE.check(
                report.thread != runtime_thread,
                "The work ran on the runtime's only thread, so every other task waited \
                 for it. On a current-thread runtime, send it to the blocking pool.",
            );
            EXERCISE.check(
                report.seen.met,
                "The work ran on another thread, but the runtime's thread waited for it \
                 without running other tasks: joining a thread (a scoped one too: \
                 `std::thread::scope` joins before it returns) or any other blocking wait \
                 stops the runtime. `.await` the spawn_blocking handle instead.",
            );
            match report.rest {
                Some(Rest::NeverSlept) => EXERCISE.fail(
                    "The work ran on the blocking pool and other tasks ran meanwhile, but \
                     the runtime's thread never went to sleep: your task kept waking \
                     itself up. A loop on `is_finished()` with `yield_now().await` is busy \
                     waiting, and burns a core. `.await` the spawn_blocking handle.",
                ),
                Some(Rest::WokeUp) => EXERCISE.fail(
                    "The work ran on the blocking pool, but while it was still going on \
                     the runtime's thread kept waking up with nothing to do: your task \
                     polls on a timer. `.await` the spawn_blocking handle: it wakes your \
                     task once, when the work is done.",
                ),
                Some(Rest::Slept) | None => {}
            }
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
        let (report, caller_thread, address) = runtime.block_on(async {
            tokio::spawn(async {
                let (work, neighbour) = meeting();
                tokio::spawn(neighbour.answer());
                let data: Vec<u8> = (1..=100).collect();
                let caller_thread = thread::current().id();
                let report = crunch(&data, move |bytes| Report {
                    thread: thread::current().id(),
                    address: bytes.as_ptr() as usize,
                    seen: work.wait_for_neighbour(),
                    rest: None,
                    sum: bytes.iter().map(|&byte| u64::from(byte)).sum(),
                })
                .await;
                (report, caller_thread, data.as_ptr() as usize)
            })
            .await
            .unwrap_or_else(|failed| std::panic::resume_unwind(failed.into_panic()))
        });
        EXERCISE.check(
            report.seen.met,
            "The work blocked the runtime's only worker, and another task could not run \
             in the meantime. `block_in_place` first hands the worker's other tasks to \
             a new thread; calling the work directly does not.",
        );
        EXERCISE.check(
            report.thread == caller_thread,
            "The work ran on another thread. On a multi-thread runtime `block_in_place` \
             runs it right here, on the caller's thread, with no hand-off.",
        );
        EXERCISE.check(
            report.address == address,
            "The work got a copy of the data. On a multi-thread runtime, \
             `block_in_place` lets the closure borrow `data`: no copy needed.",
        );
        EXERCISE.check_eq(report.sum, 5050, "The work summed the bytes 1 to 100.");
    });
}
