//! Checks for the `spin_lock` exercise: `exercises/lesson-06/spin_lock.rs`.
//!
//! Two threads, one lock, loom. Inside `loom::model` every atomic operation is a
//! point where loom may switch threads, and a load may return an older value
//! wherever the memory model allows it, that is, wherever the `Ordering`s are too
//! weak to forbid it. The model runs the closure once for every such order and
//! every such choice, so a lock that works "almost always" fails every time.
//!
//! Who was inside the lock when is recorded (`tests/watched/inside.rs`): a failure
//! draws the threads' waits and stays in the order of events that failed.

#[path = "watched/inside.rs"]
mod inside;

use inside::Inside;
use kit::exercise::Exercise;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use spin_lock::SpinLock;
use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

const EXERCISE: Exercise = Exercise::new("spin_lock", "exercises/lesson-06/spin_lock.rs");

/// What `crate::sync` names in the exercise file when this test compiles it: loom's
/// atomics, and loom's `spin_loop`, which tells loom "let another thread run now".
mod sync {
    pub use loom::hint;
    pub use loom::sync::atomic;
}

// The exercise file itself, compiled a second time, inside this test, against the
// `sync` module above.
#[allow(dead_code)]
// As in the lesson crate: an untouched exercise is mostly `todo!()`, so its unused
// names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/spin_lock.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/spin_lock.rs")]
mod spin_lock;

// A panic must not unwind out of a loom model: loom would drop its atomics after
// the model is gone, and that aborts the whole test binary. So every call into the
// exercise goes through `learner`, which catches a panic (a `todo!()`, say), keeps
// the first one's message, and skips the exercise from then on; `model` reports it
// once loom is done. loom runs all of a model's threads on the test's own thread,
// so a thread-local sees them all.
thread_local! {
    static FIRST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs a call into the exercise; `None` if it (or an earlier one) panicked.
fn learner<T>(call: impl FnOnce() -> T) -> Option<T> {
    if panicked() {
        return None;
    }
    match panic::catch_unwind(AssertUnwindSafe(call)) {
        Ok(value) => Some(value),
        Err(payload) => {
            FIRST_PANIC.set(Some(message(payload.as_ref()).to_owned()));
            None
        }
    }
}

/// Whether a call into the exercise has panicked (so the checks have nothing to check).
fn panicked() -> bool {
    FIRST_PANIC.with_borrow(Option::is_some)
}

fn message(payload: &(dyn Any + Send)) -> &str {
    kit::exercise::panic_message(payload).unwrap_or("(a panic without a message)")
}

/// Runs `body` in `loom::model`, then reports a panic of the exercise's, or the one
/// failure loom reports in its own words: a thread that spins forever.
fn model(body: impl Fn() + Sync + Send + 'static) {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| loom::model(body)));
    // loom's own "gave up" panic may surface inside a call to the exercise (caught
    // by `learner`) or out of `loom::model`.
    let payload: Box<dyn Any + Send> = match (FIRST_PANIC.take(), outcome) {
        (Some(first), _) => Box::new(first),
        (None, Err(payload)) => payload,
        (None, Ok(())) => return,
    };
    if message(payload.as_ref()).contains("maximum number of branches") {
        EXERCISE.fail(
            "loom gave up: a thread kept spinning and never got the lock.\n  \
             Probably the lock is never let go (dropping the guard must set `locked` \
             back to false), or the spin loop never calls `hint::spin_loop()`, which \
             is how loom learns that the other thread should run.",
        );
    }
    // `Exercise::run` turns this into "not written yet" or "your code panicked".
    panic::resume_unwind(payload);
}

const BOTH_INSIDE: &str = "loom found an order of events in which both threads were inside \
     the lock at once.\n  \
     Checking that the lock is free and then marking it taken are two steps, and the \
     other thread can run between them: both see \"free\", both take it. Test-and-set \
     in ONE atomic operation (`compare_exchange` or `swap`).";

/// `thread` takes `lock`, runs `work` inside it (which returns what it read of the
/// data the lock protects, if it read any), and fails the test if the other thread
/// was inside too.
fn alone(
    lock: &SpinLock,
    inside: &Inside,
    thread: &'static str,
    work: impl FnOnce() -> Option<usize>,
) {
    inside.waiting(thread);
    let Some(guard) = learner(|| lock.lock()) else {
        return;
    };
    let others = inside.enter(thread);
    let saw = work();
    inside.leave(thread, saw);
    learner(|| drop(guard));
    if others > 0 {
        EXERCISE.fail(format_args!("{BOTH_INSIDE}\n{}", inside.drawing(EXERCISE)));
    }
}

#[test]
fn one_thread_inside_at_a_time() {
    EXERCISE.run(|| {
        model(|| {
            let lock = Arc::new(SpinLock::new());
            let inside = Arc::new(Inside::default());
            let visit = {
                let (lock, inside) = (Arc::clone(&lock), Arc::clone(&inside));
                move |thread| alone(&lock, &inside, thread, || None)
            };
            let other = thread::spawn({
                let visit = visit.clone();
                move || visit("thread 2")
            });
            visit("thread 1");
            other.join().unwrap();
        });
    });
}

// ANCHOR: next_holder
#[test]
fn the_next_holder_sees_what_the_last_one_wrote() {
    EXERCISE.run(|| {
        model(|| {
            let lock = Arc::new(SpinLock::new());
            // The data the lock protects. Relaxed loads and stores are atomic but
            // promise nothing about order, like plain memory: only the lock's own
            // orderings can make one holder's write visible to the next holder.
            let visits = Arc::new(AtomicUsize::new(0));
            let inside = Arc::new(Inside::default());
            let visit = {
                let (lock, visits, inside) =
                    (Arc::clone(&lock), Arc::clone(&visits), Arc::clone(&inside));
                move |thread| {
                    alone(&lock, &inside, thread, || {
                        let seen = visits.load(Ordering::Relaxed);
                        visits.store(seen + 1, Ordering::Relaxed);
                        Some(seen)
                    })
                }
            };
            let other = thread::spawn({
                let visit = visit.clone();
                move || visit("thread 2")
            });
            visit("thread 1");
            other.join().unwrap();
            if panicked() {
                return;
            }
            EXERCISE.check_eq(
                visits.load(Ordering::Relaxed),
                2,
                format_args!(
                    "Two threads each added 1 inside the lock, one after the other, and \
                     loom found an execution in which the second one read the OLD value: \
                     one visit was lost.\n  \
                     Even if your lock keeps the threads apart, it does not pass on \
                     memory. Taking the lock must be an Acquire (see everything \
                     written before the last release) and letting go a Release (publish \
                     everything written inside). Relaxed on either side breaks the chain. \
                     (A lock taken in two steps, a load that saw `false` and then a \
                     store, fails here too: the other thread can come and go between the \
                     two.)\n{}",
                    inside.drawing(EXERCISE)
                ),
            );
        });
    });
}
// ANCHOR_END: next_holder

/// `thread` tries `lock` once; if that takes it, runs `work` inside (as in
/// [`alone`]), fails the test if the other thread was inside too, and returns true.
fn try_alone(
    lock: &SpinLock,
    inside: &Inside,
    thread: &'static str,
    work: impl FnOnce() -> Option<usize>,
) -> bool {
    inside.waiting(thread);
    let Some(Some(guard)) = learner(|| lock.try_lock()) else {
        inside.gave_up(thread);
        return false;
    };
    let others = inside.enter(thread);
    let saw = work();
    inside.leave(thread, saw);
    learner(|| drop(guard));
    if others > 0 {
        EXERCISE.fail(format_args!(
            "loom found an order of events in which both threads' try_lock returned a \
             guard, and both threads were inside the lock at once.\n  \
             Looking at `locked` and then setting it are two steps, and the other thread \
             can run between them: both see \"free\", both take it. try_lock must test \
             and set in ONE atomic operation too: `compare_exchange(false, true, ..)` \
             succeeds for one thread only.\n{}",
            inside.drawing(EXERCISE)
        ));
    }
    true
}

#[test]
fn try_lock_on_two_threads_at_once() {
    EXERCISE.run(|| {
        model(|| {
            let lock = Arc::new(SpinLock::new());
            let inside = Arc::new(Inside::default());
            let attempt = {
                let (lock, inside) = (Arc::clone(&lock), Arc::clone(&inside));
                move |thread| try_alone(&lock, &inside, thread, || None)
            };
            let other = thread::spawn({
                let attempt = attempt.clone();
                move || attempt("thread 2")
            });
            let mine = attempt("thread 1");
            let theirs = other.join().unwrap();
            if panicked() {
                return;
            }
            // The lock was free when both began: whoever tried first found it free.
            EXERCISE.check(
                mine || theirs,
                "Two threads called try_lock on a free lock and both got None. The first \
                 to try finds the lock free and must take it; only a thread that finds it \
                 taken returns None.",
            );
        });
    });
}

#[test]
fn try_lock_sees_what_the_last_holder_wrote() {
    EXERCISE.run(|| {
        model(|| {
            // One thread locks and adds 1; the other adds 1 only if try_lock lets it
            // in. If it got in after the first let go, it must see the first's write.
            let lock = Arc::new(SpinLock::new());
            let visits = Arc::new(AtomicUsize::new(0));
            let inside = Arc::new(Inside::default());
            let visit = {
                let visits = Arc::clone(&visits);
                move || {
                    let seen = visits.load(Ordering::Relaxed);
                    visits.store(seen + 1, Ordering::Relaxed);
                    Some(seen)
                }
            };
            let other = thread::spawn({
                let (lock, inside, visit) = (Arc::clone(&lock), Arc::clone(&inside), visit.clone());
                move || alone(&lock, &inside, "thread 2: lock", visit)
            });
            let entered = try_alone(&lock, &inside, "thread 1: try_lock", visit);
            other.join().unwrap();
            if panicked() {
                return;
            }
            EXERCISE.check_eq(
                visits.load(Ordering::Relaxed),
                1 + usize::from(entered),
                format_args!(
                    "One thread added 1 inside lock(); the other added 1 inside a \
                     successful try_lock. loom found an execution in which try_lock took \
                     the lock after the other thread let go, yet read the OLD value: one \
                     visit was lost.\n  \
                     A successful try_lock hands over memory just like lock: it must be \
                     ONE exchange (a load that saw `false`, then a store, lets the other \
                     thread come and go in between), and that exchange an Acquire (its \
                     failure ordering can stay Relaxed).\n{}",
                    inside.drawing(EXERCISE)
                ),
            );
        });
    });
}

#[test]
fn try_lock_fails_only_while_the_lock_is_held() {
    EXERCISE.run(|| {
        model(|| {
            let lock = SpinLock::new();
            let Some(first) = learner(|| lock.try_lock()) else {
                return;
            };
            EXERCISE.check(
                first.is_some(),
                "try_lock on a free lock returned None: it must take the lock.",
            );
            let Some(second) = learner(|| lock.try_lock()) else {
                return;
            };
            EXERCISE.check(
                second.is_none(),
                "try_lock returned a guard while another guard was alive: two holders \
                 at once. It must return None when the lock is taken.",
            );
            learner(|| drop(first));
            let Some(third) = learner(|| lock.try_lock()) else {
                return;
            };
            EXERCISE.check(
                third.is_some(),
                "After the guard was dropped, try_lock still found the lock taken. \
                 Dropping the guard must unlock (`impl Drop for SpinGuard`).",
            );
        });
    });
}
