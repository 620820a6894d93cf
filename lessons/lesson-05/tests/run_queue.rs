//! Checks for the `run_queue` exercise: `exercises/lesson-05/run_queue.rs`.
//!
//! The tasks here are made of probes (`lesson_05::probe`) and gates
//! (`lesson_05::gate`), which count how often they are polled and woken.

use kit::exercise::Exercise;
use kit::timeline::{Timeline, polled};
use lesson_05::gate::gate;
use lesson_05::probe::{Probe, WakeFrom, counted, finish_within};
use lesson_05::run_queue::Executor;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// How a failure introduces the run it draws.
const AS_YOUR_EXECUTOR_RAN_THEM: &str = "as your executor ran the tasks (a row per task: \
     ... waiting for its first poll, [=== one poll)";

const EXERCISE: Exercise = Exercise::new("run_queue", "exercises/lesson-05/run_queue.rs");

const LIMIT: Duration = Duration::from_secs(3);

/// What probably happened when `run` is still running after `LIMIT` with tasks to run.
const STUCK: &str = "Every task here is woken in the end, so probably a wake-up was \
     lost: does Task::wake put the task back in the run queue? Or a deadlock: does \
     Task::wake lock the task's future? run() holds that lock while it polls, so a task \
     that wakes itself during its poll waits for itself forever. Or run() kept waiting \
     after every task had finished: does it count the finished ones?";

/// Runs the executor on its own thread; fails with `stuck` if `run` never returns.
fn run_within(executor: Executor, stuck: &str) {
    if finish_within(LIMIT, move || executor.run()).is_none() {
        EXERCISE.fail(format_args!(
            "run() was still running after {LIMIT:?}. {stuck}"
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
        run_within(executor, STUCK);
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
        run_within(
            Executor::new(),
            "No task was spawned, so run() should return at once; it is waiting for \
             a task to be woken, which can never happen. Check whether any task is \
             unfinished before you wait for the next one (`while self.unfinished > \
             0`), not after.",
        );
    });
}

#[test]
fn spawn_only_queues_the_task() {
    EXERCISE.run(|| {
        let log = Log::default();
        let mut executor = Executor::new();
        executor.spawn(steps(&log, "a", 1));
        executor.spawn(steps(&log, "b", 0));
        EXERCISE.check_eq(
            log.lock().unwrap().clone(),
            Vec::<String>::new(),
            "spawn() ran some of the task already. A future is lazy: nothing of it runs \
             until it is polled, and tasks are polled by run(), in the order they were \
             spawned. spawn() only puts the task in the run queue.",
        );
        run_within(executor, STUCK);
        EXERCISE.check_eq(
            log.lock().unwrap().clone(),
            ["a1", "b1", "a2"],
            "Two tasks, run by run() in the order they were spawned.",
        );
    });
}

#[test]
fn woken_tasks_wait_their_turn() {
    EXERCISE.run(|| {
        let log = Log::default();
        let timeline = Timeline::new();
        let mut executor = Executor::new();
        executor.spawn(polled(&timeline, "task A", steps(&log, "A", 2)));
        executor.spawn(polled(&timeline, "task B", steps(&log, "B", 0)));
        executor.spawn(polled(&timeline, "task C", steps(&log, "C", 1)));
        run_within(executor, STUCK);
        EXERCISE.check_eq(
            log.lock().unwrap().clone(),
            ["A1", "B1", "C1", "A2", "C2", "A3"],
            format_args!(
                "A task that wakes itself goes to the BACK of the run queue, behind the \
                 tasks already waiting (lesson 01's round robin), and goes there once. A \
                 queue that serves the newest task first lets one busy task starve the \
                 others; and if run() also puts a Pending task back in the queue itself, \
                 the task is queued twice (once by run(), once by its own waker) and runs \
                 ahead of its turn: only the waker should send it back.\n{}\n  \
                 Expected: polls in turn, A B C A C A.",
                EXERCISE.run_of(AS_YOUR_EXECUTOR_RAN_THEM, timeline.spans())
            ),
        );
    });
}

#[test]
fn a_waiting_task_is_not_polled_until_woken() {
    EXERCISE.run(|| {
        let (closed, opener) = gate();
        let (waiter, waiter_polls) = counted(closed);
        let opened = Arc::new(Mutex::new(false));
        let timeline = Timeline::new();
        let mut executor = Executor::new();
        executor.spawn(polled(&timeline, "waits at the gate", {
            let opened = Arc::clone(&opened);
            async move {
                waiter.await;
                *opened.lock().unwrap() = true;
            }
        }));
        // Meanwhile another task takes four steps, then opens the gate.
        executor.spawn(polled(&timeline, "opens the gate", async move {
            Probe::new(3, WakeFrom::Itself).0.await;
            opener.open();
        }));
        run_within(executor, STUCK);
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
            format_args!(
                "The task waiting on the gate was woken once, when the gate opened, so \
                 it should be polled twice: when it starts, and after that wake-up. \
                 Polling tasks that were not woken is busy-polling: run only what the \
                 queue holds. A task that returns Pending leaves the queue; only its \
                 waker puts it back (lesson 01's round robin put every task back itself; \
                 an executor does not).\n{}\n  \
                 Expected: two polls of the waiting task, the first and the last.",
                EXERCISE.run_of(AS_YOUR_EXECUTOR_RAN_THEM, timeline.spans())
            ),
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
        run_within(executor, STUCK);
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

/// A future's polls, and the polls that came after it had returned `Ready`.
#[derive(Debug, Default)]
struct Seen {
    polls: AtomicUsize,
    after_ready: AtomicUsize,
}

/// Wraps a future to count its polls. Polled again after it has finished, it counts
/// that and returns `Pending` instead of polling the finished future, which would panic
/// ("`async fn` resumed after completion") before the check could explain.
struct Watched<F> {
    future: Pin<Box<F>>,
    finished: bool,
    seen: Arc<Seen>,
}

fn watched<F: Future>(future: F) -> (Watched<F>, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let watched = Watched {
        future: Box::pin(future),
        finished: false,
        seen: Arc::clone(&seen),
    };
    (watched, seen)
}

impl<F: Future> Future for Watched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.seen.polls.fetch_add(1, Ordering::SeqCst);
        if self.finished {
            self.seen.after_ready.fetch_add(1, Ordering::SeqCst);
            return Poll::Pending;
        }
        let poll = self.future.as_mut().poll(cx);
        self.finished = poll.is_ready();
        poll
    }
}

#[test]
fn a_finished_task_is_never_polled_again() {
    EXERCISE.run(|| {
        // Task A waits until B rings; B wakes A twice before A runs again (so A is in
        // the queue twice, and finishes on the first), then once more after A has
        // finished, as a timer or a socket may do with a waker it kept.
        let waker_of_a: Arc<Mutex<Option<Waker>>> = Arc::default();
        let rung = Arc::new(AtomicBool::new(false));
        let a = std::future::poll_fn({
            let waker_of_a = Arc::clone(&waker_of_a);
            let rung = Arc::clone(&rung);
            move |cx| {
                if rung.load(Ordering::SeqCst) {
                    return Poll::Ready(());
                }
                *waker_of_a.lock().unwrap() = Some(cx.waker().clone());
                Poll::Pending
            }
        });
        let (a, seen) = watched(a);
        let (b, b_tally) = Probe::new(0, WakeFrom::Itself);
        let mut executor = Executor::new();
        executor.spawn(a);
        executor.spawn(async move {
            rung.store(true, Ordering::SeqCst);
            let waker = waker_of_a.lock().unwrap().take();
            if let Some(waker) = &waker {
                waker.wake_by_ref();
                waker.wake_by_ref();
            }
            Probe::new(1, WakeFrom::Itself).0.await; // A runs, and finishes
            if let Some(waker) = waker {
                waker.wake();
            }
            Probe::new(1, WakeFrom::Itself).0.await; // the executor meets A again
            b.await;
        });
        run_within(executor, STUCK);
        let after_ready = seen.after_ready.load(Ordering::SeqCst);
        EXERCISE.check(
            after_ready == 0,
            format_args!(
                "A task that had finished was polled again, {after_ready} time(s). A \
                 task can be woken after it has finished (a timer or a socket may \
                 still hold its waker), or be in the queue twice because it was woken \
                 twice; polling a finished future is a bug (an async block panics: \
                 \"`async fn` resumed after completion\"). When a task is Ready, empty \
                 its slot (`*slot = None`), and skip a task whose slot is empty."
            ),
        );
        EXERCISE.check(
            b_tally.finished(),
            "run() returned before every task had finished: was a task counted as \
             finished twice, once for each time it was in the queue?",
        );
        EXERCISE.check_eq(
            seen.polls.load(Ordering::SeqCst),
            2,
            "The task woken twice before it ran again should be polled twice in all: \
             when it starts, and once after those wake-ups, when it finishes.",
        );
    });
}

/// How long the task of `sleeps_while_every_task_waits` waits for its wake-up.
const WAIT: Duration = Duration::from_millis(600);

/// The most CPU time the thread of run() may use over `WAIT`. A thread blocked in
/// `recv` uses microseconds; one that spins on `try_recv` uses most of a core on a quiet
/// machine, and tens of milliseconds when two other programs keep both cores busy.
const MOST_CPU: Duration = Duration::from_millis(25);

/// How many times the thread of run() may be switched out over `WAIT` while it could
/// have run on. A thread blocked in `recv` is not running, so it is not switched out; on
/// a machine so busy that a spinner gets almost no CPU, the spinner is switched out each
/// time it gets a core back, dozens of times over `WAIT`.
const MOST_PREEMPTIONS: u64 = 5;

/// How many times the thread of run() may go to sleep over `WAIT`: once in `recv` for
/// the wait, and a few more for the task's own helper thread and the channel's locks.
const MOST_SLEEPS: u64 = 4;

#[test]
fn sleeps_while_every_task_waits() {
    EXERCISE.run(|| {
        let (probe, tally) = Probe::new(1, WakeFrom::AnotherThreadAfter(WAIT));
        let mut executor = Executor::new();
        executor.spawn(async move {
            probe.await;
        });
        let measured = finish_within(LIMIT, move || {
            kit::cpu::thread_usage_of(|| executor.run()).1
        });
        let Some(usage) = measured else {
            EXERCISE.fail(format_args!(
                "run() was still running after {LIMIT:?}. {STUCK}"
            ))
        };
        EXERCISE.check(
            tally.finished(),
            "run() returned while a task was still waiting for a wake-up from another \
             thread. An empty run queue does not mean that the work is done: wait for \
             the next woken task (`recv`) until every task has finished.",
        );
        EXERCISE.check(
            tally.unwoken_polls() == 0,
            format_args!(
                "While its task waited {WAIT:?} for a wake-up, run() polled it {} \
                 time(s) without one: busy-polling. Poll a task only when its waker has \
                 put it back in the queue.",
                tally.unwoken_polls()
            ),
        );
        let cpu = usage.cpu.unwrap_or_default();
        let preemptions = usage.preemptions.unwrap_or_default();
        EXERCISE.check(
            cpu <= MOST_CPU && preemptions <= MOST_PREEMPTIONS,
            format_args!(
                "While its only task waited {WAIT:?} for a wake-up, the thread of run() \
                 kept running: it used {cpu:.1?} of CPU and was switched out by the \
                 scheduler {preemptions} times to let other threads run. That is busy \
                 waiting (a loop around `try_recv` and `yield_now`), which keeps a core \
                 busy doing nothing. `recv()` blocks the thread until a waker sends a \
                 task: no CPU, and never switched out meanwhile."
            ),
        );
        let sleeps = usage.sleeps.unwrap_or_default();
        EXERCISE.check(
            sleeps <= MOST_SLEEPS,
            format_args!(
                "While its only task waited {WAIT:?} for a wake-up, the thread of run() \
                 went to sleep {sleeps} times: napping in a loop (a short \
                 `recv_timeout` or `thread::sleep` between looks at the queue) instead \
                 of waiting once. `recv()` sleeps until a waker sends a task: no sooner, \
                 no later."
            ),
        );
    });
}
