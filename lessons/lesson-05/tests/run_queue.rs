//! Checks for the `run_queue` exercise: `exercises/lesson-05/run_queue.rs`.
//!
//! The tasks here are made of probes (`lesson_05::probe`) and gates
//! (`lesson_05::gate`), which count how often they are polled and woken.

use kit::exercise::Exercise;
use lesson_05::gate::gate;
use lesson_05::probe::{Probe, WakeFrom, counted, finish_within};
use lesson_05::run_queue::Executor;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("run_queue", "exercises/lesson-05/run_queue.rs");

const LIMIT: Duration = Duration::from_secs(5);

/// Runs the executor on its own thread; fails if `run` never returns.
fn run_within(executor: Executor) {
    if finish_within(LIMIT, move || executor.run()).is_none() {
        EXERCISE.fail(format_args!(
            "run() was still running after {LIMIT:?}. Every task here is woken in \
             the end, so probably a wake-up was lost: does Task::wake put the task \
             back in the run queue? Or run() kept waiting after every task had \
             finished: does it count the finished ones?"
        ));
    }
}

type Log = Arc<Mutex<Vec<String>>>;

/// A task that logs `name1`, `name2`, ... and lets the others run between two steps.
fn steps(log: &Log, name: &'static str, pauses: usize) -> impl Future<Output = ()> + Send + use<> {
    let log = Arc::clone(log);
    async move {
        for step in 1..=pauses + 1 {
            log.lock().unwrap().push(format!("{name}{step}"));
            if step <= pauses {
                Probe::new(1, WakeFrom::Itself).0.await;
            }
        }
    }
}

#[test]
fn runs_every_task_to_the_end() {
    EXERCISE.run(|| {
        let log = Log::default();
        let mut executor = Executor::new();
        for name in ["a", "b", "c"] {
            executor.spawn(steps(&log, name, 0));
        }
        run_within(executor);
        EXERCISE.check_eq(
            log.lock().unwrap().clone(),
            ["a1", "b1", "c1"],
            "Three tasks that never wait should each run once, in the order they were \
             spawned.",
        );
    });
}

#[test]
fn no_tasks_no_work() {
    EXERCISE.run(|| {
        run_within(Executor::new());
    });
}

#[test]
fn woken_tasks_wait_their_turn() {
    EXERCISE.run(|| {
        let log = Log::default();
        let mut executor = Executor::new();
        executor.spawn(steps(&log, "A", 2));
        executor.spawn(steps(&log, "B", 0));
        executor.spawn(steps(&log, "C", 1));
        run_within(executor);
        EXERCISE.check_eq(
            log.lock().unwrap().clone(),
            ["A1", "B1", "C1", "A2", "C2", "A3"],
            "A task that wakes itself goes to the BACK of the run queue, behind the \
             tasks already waiting (lesson 01's round robin). A queue that serves the \
             newest task first lets one busy task starve the others.",
        );
    });
}

#[test]
fn a_waiting_task_is_not_polled_until_woken() {
    EXERCISE.run(|| {
        let (closed, opener) = gate();
        let (waiter, waiter_polls) = counted(closed);
        let opened = Arc::new(Mutex::new(false));
        let mut executor = Executor::new();
        executor.spawn({
            let opened = Arc::clone(&opened);
            async move {
                waiter.await;
                *opened.lock().unwrap() = true;
            }
        });
        // Meanwhile another task takes four steps, then opens the gate.
        executor.spawn(async move {
            Probe::new(3, WakeFrom::Itself).0.await;
            opener.open();
        });
        run_within(executor);
        EXERCISE.check(
            *opened.lock().unwrap(),
            "The task waiting on the gate never finished.",
        );
        let polls = waiter_polls.load(Ordering::SeqCst);
        EXERCISE.check(
            polls != 1,
            "The task waiting on the gate was first polled after the gate had opened: \
             it was spawned first, so it should have run first and found the gate \
             closed. Run tasks in the order they enter the queue.",
        );
        EXERCISE.check_eq(
            polls,
            2,
            "The task waiting on the gate was woken once, when the gate opened, so it \
             should be polled twice: when it starts, and after that wake-up. Polling \
             tasks that were not woken is busy-polling: run only what the queue holds.",
        );
    });
}

#[test]
fn a_wake_up_from_another_thread_is_waited_for() {
    EXERCISE.run(|| {
        let mut executor = Executor::new();
        // Each time it is Pending, a helper thread wakes this one a moment later. In
        // between, the run queue is empty although a task is unfinished.
        let (elsewhere, tally) = Probe::new(3, WakeFrom::AnotherThread);
        executor.spawn(async move {
            elsewhere.await;
        });
        let (itself, _) = Probe::new(2, WakeFrom::Itself);
        executor.spawn(async move {
            itself.await;
        });
        run_within(executor);
        EXERCISE.check(
            tally.finished(),
            "run() returned while a task was still waiting for a wake-up from another \
             thread. An empty run queue does not mean that the work is done: wait for \
             the next woken task (`recv`) until every task has finished.",
        );
        EXERCISE.check(
            tally.unwoken_polls() == 0,
            format_args!(
                "A task was polled {} times while it was waiting for a wake-up that had \
                 not come yet: busy-polling. Poll a task only when its waker has put it \
                 back in the queue.",
                tally.unwoken_polls()
            ),
        );
        EXERCISE.check_eq(
            (tally.polls(), tally.wakes()),
            (4, 3),
            "Pending 3 times, woken from another thread each time: 4 polls, 3 wake-ups \
             (polls, wake-ups).",
        );
    });
}
