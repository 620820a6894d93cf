//! Checks for the `counting_semaphore` exercise:
//! `exercises/lesson-07/counting_semaphore.rs`.
//!
//! Threads are ordered with the semaphore's own gauges: a check that needs "B is
//! waiting now" waits (a bounded while) until `waiting()` says so, never for a fixed
//! time. One check, the last, gives a wrong answer a short window in which to show
//! itself; a correct semaphore passes it whatever the timing.

use kit::exercise::Exercise;
use lesson_07::counting_semaphore::Semaphore;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new(
    "counting_semaphore",
    "exercises/lesson-07/counting_semaphore.rs",
);

/// Long enough for any thread on a loaded machine; short enough to fail quickly.
const PATIENCE: Duration = Duration::from_secs(5);

#[test]
fn try_acquire_counts_permits() {
    EXERCISE.run(|| {
        let semaphore = Semaphore::new(2);
        let first = semaphore.try_acquire();
        let second = semaphore.try_acquire();
        EXERCISE.check(
            first.is_some() && second.is_some(),
            "a semaphore of 2 should give two permits.",
        );
        EXERCISE.check_eq(semaphore.available(), 0, "both permits are held.");
        EXERCISE.check(
            semaphore.try_acquire().is_none(),
            "a third try_acquire, with both permits held, should return None.",
        );
        drop(first);
        EXERCISE.check_eq(
            semaphore.available(),
            1,
            "dropping a permit should give it back.",
        );
        let third = semaphore.try_acquire();
        EXERCISE.check(third.is_some(), "a returned permit can be taken again.");
        drop((second, third));
        EXERCISE.check_eq(semaphore.available(), 2, "all permits back.");
        EXERCISE.check(
            Semaphore::new(0).try_acquire().is_none(),
            "a semaphore of 0 has nothing to give.",
        );
    });
}

/// A thread that takes a permit from `semaphore` and reports when it has it; it keeps
/// the permit until it is told to let go.
struct Taker {
    got: mpsc::Receiver<()>,
    release: mpsc::Sender<()>,
    thread: thread::JoinHandle<()>,
}

fn taker(semaphore: &Arc<Semaphore>) -> Taker {
    let (got_it, got) = mpsc::channel();
    let (release, let_go) = mpsc::channel::<()>();
    let semaphore = Arc::clone(semaphore);
    let thread = thread::spawn(move || {
        let _permit = semaphore.acquire();
        let _ = got_it.send(());
        let _ = let_go.recv();
    });
    Taker {
        got,
        release,
        thread,
    }
}

impl Taker {
    /// Lets go of the permit (if it got one) and waits for the thread to end.
    fn finish(self) {
        drop(self.release);
        if let Err(panic) = self.thread.join() {
            std::panic::resume_unwind(panic);
        }
    }
}

/// Waits until `waiting()` is `count`; false if it never is.
fn until_waiting(semaphore: &Semaphore, count: usize) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while semaphore.waiting() != count {
        if Instant::now() > deadline {
            return false;
        }
        thread::yield_now();
    }
    true
}

#[test]
fn acquire_waits_for_a_permit() {
    EXERCISE.run(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        let held = semaphore.acquire();
        let b = taker(&semaphore);
        let waits = until_waiting(&semaphore, 1);
        EXERCISE.check(
            b.got.try_recv().is_err(),
            "another thread got a permit while this one held the only one: acquire must \
             wait while no permit is available.",
        );
        EXERCISE.check(
            waits,
            format_args!(
                "another thread called acquire while the only permit was held, and after \
                 {PATIENCE:?} waiting() still did not say 1. Count a waiting thread in \
                 `waiting` (under the lock) before it waits, and count it out when it \
                 stops."
            ),
        );
        drop(held);
        EXERCISE.check(
            b.got.recv_timeout(PATIENCE).is_ok(),
            format_args!(
                "the only permit came back, and the waiting thread still had not got it \
                 after {PATIENCE:?}: a lost wake-up. Does release put the permit back and \
                 notify the condition variable?"
            ),
        );
        EXERCISE.check_eq(
            (semaphore.available(), semaphore.waiting()),
            (0, 0),
            "the waiting thread holds the permit now: (available, waiting).",
        );
        b.finish();
        EXERCISE.check_eq(semaphore.available(), 1, "and gave it back.");
    });
}

#[test]
fn many_threads_never_more_than_the_count() {
    EXERCISE.run(|| {
        const PERMITS: usize = 3;
        let semaphore = Arc::new(Semaphore::new(PERMITS));
        // Once on this thread first, so that a `todo!()` is reported plainly.
        drop(semaphore.acquire());
        let holders = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (done, finished) = mpsc::channel();
        for _ in 0..8 {
            let done = done.clone();
            let (semaphore, holders, most) = (
                Arc::clone(&semaphore),
                Arc::clone(&holders),
                Arc::clone(&most),
            );
            // Not scoped: a stuck thread must not keep the test from failing.
            thread::spawn(move || {
                for _ in 0..2000 {
                    let _permit = semaphore.acquire();
                    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    thread::yield_now();
                    holders.fetch_sub(1, Ordering::SeqCst);
                }
                let _ = done.send(());
            });
        }
        drop(done);
        let deadline = Instant::now() + PATIENCE;
        for _ in 0..8 {
            let left = deadline.saturating_duration_since(Instant::now());
            match finished.recv_timeout(left) {
                Ok(()) => {}
                Err(RecvTimeoutError::Timeout) => EXERCISE.fail(format_args!(
                    "8 threads taking and returning permits were still not done after \
                     {PATIENCE:?}: some are stuck waiting for a permit that came back, a \
                     lost wake-up. Does every release notify the condition variable?"
                )),
                Err(RecvTimeoutError::Disconnected) => EXERCISE
                    .fail("a thread taking and returning permits panicked (its message is above)."),
            }
        }
        let most = most.load(Ordering::SeqCst);
        EXERCISE.check(
            most <= PERMITS,
            format_args!("a semaphore of {PERMITS} had {most} holders at once."),
        );
        EXERCISE.check_eq(
            (semaphore.available(), semaphore.waiting()),
            (PERMITS, 0),
            "after 16000 permits taken and returned: all back, nobody waiting.",
        );
    });
}

#[test]
fn a_woken_thread_looks_again() {
    EXERCISE.run(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        for _ in 0..20 {
            let held = semaphore.acquire();
            let b = taker(&semaphore);
            EXERCISE.check(
                until_waiting(&semaphore, 1),
                "another thread should be waiting for the permit.",
            );
            // Give the permit back, and at once take it again, before the woken thread
            // has had a chance to run: it was woken, but the permit is gone.
            drop(held);
            let again = semaphore.try_acquire();
            if again.is_some() {
                let stole = b.got.recv_timeout(Duration::from_millis(50));
                EXERCISE.check(
                    stole.is_err(),
                    "a thread woken by the returned permit went ahead although this thread \
                     had taken the permit again first: two holders of a semaphore of 1. \
                     Waking up only means \"look again\": wait in a `while` loop, not \
                     behind an `if`.",
                );
            }
            drop(again);
            match b.got.recv_timeout(PATIENCE) {
                Ok(()) => {}
                Err(RecvTimeoutError::Disconnected) => EXERCISE.fail(
                    "the thread waiting in acquire panicked (its message is above). Did it \
                     count below zero? Woken up, it took a permit that another thread had \
                     already taken: being woken only means \"look again\". Wait in a \
                     `while` loop, not behind an `if`.",
                ),
                Err(RecvTimeoutError::Timeout) => EXERCISE.fail(format_args!(
                    "the permit came back, and the waiting thread still had not got it \
                     after {PATIENCE:?}: a lost wake-up. Does release notify the condition \
                     variable?"
                )),
            }
            b.finish();
        }
    });
}
