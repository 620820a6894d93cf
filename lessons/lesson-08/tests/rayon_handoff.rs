//! Checks for the `rayon_handoff` exercise: `exercises/lesson-08/rayon_handoff.rs`.
//!
//! Every check runs on a current-thread runtime: one thread, so a count made on it
//! stops everything else. Where `keep` ran, and what the runtime did meanwhile, is
//! checked from inside `keep`, never with a timer: rayon's thread index, a meeting
//! with another task and the runtime's report of when its thread sleeps (see
//! `probe/mod.rs`), a second `keep` call that only a parallel count makes while the
//! first one waits, and a `spawn_blocking` that can only run if your count does not
//! hold the runtime's one blocking thread. A failing check ends with the run drawn: the
//! runtime's thread awake or asleep, another task's polls, and every call of `keep` on
//! the thread it ran on.

mod probe;

use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline, polled};
use lesson_08::rayon_handoff::{count_primes, count_where};
use probe::wait::Wait;
use probe::{PATIENCE, Rest, Sleeps, Work, meeting_beside, watched_runtime};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Once, mpsc};
use std::thread::{self, ThreadId};

const EXERCISE: Exercise = Exercise::new("rayon_handoff", "exercises/lesson-08/rayon_handoff.rs");

/// How a failure introduces the run it draws.
const AS_THE_THREADS_SAW_IT: &str = "as the threads saw it (the runtime's thread: [=== awake, \
     running a task or blocked in one; another task on it: ... waiting for its first poll, \
     [=== a poll; a row per thread that called keep: [=== a call, ... one of keep(0)'s \
     waits: for another task to answer, another thread to call keep, the runtime's thread \
     to rest, a spawn_blocking to run; x a wait that gave up, on a row named for what \
     never came)";

/// The rows of keep(0)'s waits that gave up: what never came.
const NO_TURN: &str = "no turn for another task";
const NO_OTHER_THREAD: &str = "no other rayon thread";
const NO_REST: &str = "the runtime never rested";
const NO_BLOCKING_THREAD: &str = "no blocking thread free";

/// Builds rayon's global pool with at least two threads, even on a one-core
/// machine: the parallel check needs a second thread. Every test calls it first, so
/// that the pool is built before anything uses it.
fn rayon_pool() {
    static POOL: Once = Once::new();
    POOL.call_once(|| {
        let threads = thread::available_parallelism().map_or(2, |n| n.get().max(2));
        // An error means the pool was already built; the parallel check then looks
        // at how many threads it has.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    });
}

#[test]
fn counts_the_primes() {
    rayon_pool();
    EXERCISE.run_async(|| async {
        EXERCISE.check_eq(
            count_primes(0..10_000).await,
            1229,
            "There are 1229 primes below 10 000.",
        );
        EXERCISE.check_eq(count_primes(0..2).await, 0, "Neither 0 nor 1 is prime.");
        EXERCISE.check_eq(count_primes(2..3).await, 1, "2 is prime.");
    });
}

#[test]
fn counts_what_keep_keeps() {
    rayon_pool();
    EXERCISE.run_async(|| async {
        EXERCISE.check_eq(
            count_where(0..1000, |n| n % 2 == 0).await,
            500,
            "count_where(0..1000, is even) should find 500 numbers.",
        );
        EXERCISE.check_eq(
            count_where(5..5, |_| true).await,
            0,
            "An empty range has nothing to count.",
        );
    });
}

/// What the call of `keep` for 0 found, checked in this order; the first thing
/// wrong ends the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// It ran outside rayon's pool.
    OffRayon,
    /// The runtime's thread could not run another task while it waited.
    RuntimeBlocked,
    /// No other thread called `keep` while it waited: the count is sequential.
    OneThread,
    /// The runtime's thread never slept: a task kept waking itself up.
    NeverSlept,
    /// The runtime's thread slept, then woke up with nothing to do: polling.
    WokeUp,
    /// A `spawn_blocking` could not run: the count holds the only blocking thread.
    BlockingThreadHeld,
    /// All is well.
    Fine,
}

/// Everything `keep` shares with the test.
struct Watch {
    work: Work,
    sleeps: Arc<Sleeps>,
    /// Where every call of `keep` is drawn, beside the runtime's thread.
    timeline: Timeline,
    runtime_thread: ThreadId,
    /// Asks a task on the runtime to start a blocking job, which answers on the
    /// sender it is given.
    probe_pool: Mutex<Option<tokio::sync::oneshot::Sender<mpsc::Sender<()>>>>,
    /// The threads of the calls of `keep` for 1 to 7.
    others: Mutex<HashSet<ThreadId>>,
    other_came: Condvar,
    off_rayon: AtomicUsize,
    found: Mutex<Option<Found>>,
}

impl Watch {
    fn keep(&self, n: u64) -> bool {
        if rayon::current_thread_index().is_none() {
            self.off_rayon.fetch_add(1, Ordering::Relaxed);
        }
        let row = self.row();
        if n == 0 {
            let found = self.look(&row);
            *self.found.lock().unwrap() = Some(found);
        } else {
            let call = self.timeline.begin(Lane::named(&row), format!("keep({n})"));
            self.others.lock().unwrap().insert(thread::current().id());
            self.other_came.notify_all();
            call.end("kept");
        }
        true
    }

    /// The drawing's row for a call of `keep` on this thread: which thread it is.
    fn row(&self) -> String {
        let thread = thread::current();
        match rayon::current_thread_index() {
            Some(index) => format!("keep, rayon thread {}", index + 1),
            None if thread.id() == self.runtime_thread => "keep, runtime's thread".to_owned(),
            // Only tokio's own threads know a runtime.
            None if tokio::runtime::Handle::try_current().is_ok() => {
                "keep, blocking pool".to_owned()
            }
            None => "keep, another thread".to_owned(),
        }
    }

    /// One of keep(0)'s waits, drawn on its `row`. A wait that gives up returns from
    /// `look` early, and is drawn on the row `gave_up`.
    fn waiting(&self, row: &str, label: &'static str, gave_up: &'static str) -> Wait {
        Wait::begin(&self.timeline, row, label, gave_up)
    }

    fn look(&self, row: &str) -> Found {
        if rayon::current_thread_index().is_none() {
            self.timeline.begin(Lane::named(row), "keep(0)").end("kept");
            return Found::OffRayon;
        }
        let wait = self.waiting(row, "another task answers", NO_TURN);
        if !self.work.wait_for_neighbour().met {
            return Found::RuntimeBlocked;
        }
        wait.met();
        let me = thread::current().id();
        if rayon::current_num_threads() > 1 {
            let wait = self.waiting(row, "another thread calls keep", NO_OTHER_THREAD);
            let others = self.others.lock().unwrap();
            let (others, _) = self
                .other_came
                .wait_timeout_while(others, PATIENCE, |others| {
                    others.iter().all(|&other| other == me)
                })
                .unwrap();
            if others.iter().all(|&other| other == me) {
                return Found::OneThread;
            }
            wait.met();
        }
        let wait = self.waiting(row, "the runtime's thread rests", NO_REST);
        match self.sleeps.watch() {
            Rest::Slept => wait.met(),
            Rest::NeverSlept => return Found::NeverSlept,
            Rest::WokeUp => return Found::WokeUp,
        }
        // Last, because the end of a blocking job wakes the runtime's thread (in
        // tokio's test builds, to move a paused clock on).
        let wait = self.waiting(row, "a spawn_blocking runs", NO_BLOCKING_THREAD);
        let (ran, on_ran) = mpsc::channel();
        if let Some(probe) = self.probe_pool.lock().unwrap().take() {
            let _ = probe.send(ran);
        }
        if on_ran.recv_timeout(PATIENCE).is_err() {
            return Found::BlockingThreadHeld;
        }
        wait.met();
        Found::Fine
    }
}

#[test]
fn keep_runs_on_rayon_while_other_tasks_run() {
    rayon_pool();
    EXERCISE.run(|| {
        // One blocking thread: a count that holds it leaves none for anyone else.
        let (runtime, sleeps) = watched_runtime(1);
        runtime.block_on(async {
            let runtime_thread = thread::current().id();
            let (work, neighbour) = meeting_beside(runtime_thread);
            let (probe_pool, on_probe) = tokio::sync::oneshot::channel::<mpsc::Sender<()>>();
            let timeline = sleeps.timeline().clone();
            let watch = Arc::new(Watch {
                work,
                sleeps: Arc::clone(&sleeps),
                timeline: timeline.clone(),
                runtime_thread,
                probe_pool: Mutex::new(Some(probe_pool)),
                others: Mutex::new(HashSet::new()),
                other_came: Condvar::new(),
                off_rayon: AtomicUsize::new(0),
                found: Mutex::new(None),
            });
            tokio::spawn(polled(&timeline, "another task", neighbour.answer()));
            tokio::spawn(async move {
                if let Ok(ran) = on_probe.await {
                    // Not awaited: nothing to wait for.
                    drop(tokio::task::spawn_blocking(move || {
                        let _ = ran.send(());
                    }));
                }
            });

            let count = count_where(0..8, {
                let watch = Arc::clone(&watch);
                move |n| watch.keep(n)
            })
            .await;
            // One turn for the other task, so that the drawing shows when it first ran.
            tokio::task::yield_now().await;

            let run = || EXERCISE.run_of(AS_THE_THREADS_SAW_IT, sleeps.spans());
            let off_rayon = watch.off_rayon.load(Ordering::Relaxed);
            if off_rayon > 0 {
                EXERCISE.fail(format_args!(
                    "{off_rayon} of the 8 calls of `keep` ran outside rayon's pool: on the \
                     runtime's thread or on tokio's blocking pool. Start the count with \
                     `rayon::spawn` and count with `into_par_iter()`.\n{}",
                    run()
                ));
            }
            let found = *watch.found.lock().unwrap();
            match found {
                None => EXERCISE.fail("count_where never called `keep` for 0."),
                Some(Found::OffRayon | Found::Fine) => {}
                Some(Found::RuntimeBlocked) => EXERCISE.fail(format_args!(
                    "The count ran on rayon, but the runtime's thread waited for it: \
                     another task could not run in the meantime. A parallel iterator (or \
                     `install`) called right in the async fn blocks its caller until the \
                     count is done, and so does waiting for the answer with a blocking \
                     call (`std::sync::mpsc::Receiver::recv`, `JoinHandle::join`). Let \
                     `rayon::spawn` start the job, and `.await` a oneshot receiver.\n{}",
                    run()
                )),
                Some(Found::OneThread) => EXERCISE.fail(format_args!(
                    "The count ran on rayon, but on one thread, one number after another: \
                     while `keep` was busy with 0, no other thread of rayon's {} called it \
                     for another number. `rayon::spawn` runs its closure on one thread; \
                     inside it, count with `numbers.into_par_iter()` so that the other \
                     threads take their share.\n{}",
                    rayon::current_num_threads(),
                    run()
                )),
                Some(Found::BlockingThreadHeld) => EXERCISE.fail(format_args!(
                    "The count ran in parallel on rayon, but all the while it held one of \
                     tokio's blocking threads, which did nothing but wait for rayon: with \
                     the one blocking thread these checks allow, another `spawn_blocking` \
                     could not start. A parallel iterator inside `spawn_blocking` blocks \
                     that thread until the count is done. `rayon::spawn` returns at once; \
                     send the count back through a oneshot channel.\n{}",
                    run()
                )),
                Some(Found::NeverSlept) => EXERCISE.fail(format_args!(
                    "The count ran in parallel on rayon and other tasks ran meanwhile, but \
                     the runtime's thread never went to sleep in {PATIENCE:?}: your task \
                     kept waking itself up. That is busy waiting: a loop on `try_recv()` \
                     with `yield_now().await` asks \"done yet?\" thousands of times a \
                     second and burns a core doing it. `.await` the oneshot receiver: the \
                     task sleeps until the count arrives.\n{}",
                    run()
                )),
                Some(Found::WokeUp) => EXERCISE.fail(format_args!(
                    "The count ran in parallel on rayon, but while it was still going on \
                     the runtime's thread kept waking up with nothing to do: your task \
                     polls for the answer on a timer (`sleep` in a loop around \
                     `try_recv()`?). `.await` the oneshot receiver: it wakes your task \
                     once, when the count arrives.\n{}",
                    run()
                )),
            }
            EXERCISE.keep_run(AS_THE_THREADS_SAW_IT, &sleeps.spans());
            EXERCISE.check_eq(count, 8, "`keep` kept all 8 numbers.");
        });
    });
}
