//! A global interpreter lock, built to be looked at.
//!
//! CPython's GIL is a lock that a thread must hold to run Python code. This one does
//! the same three things for the tiny "interpreter" of this lesson:
//!
//! 1. a thread must hold it to run a step ([`Holding::step`]);
//! 2. after every `switch_interval` steps the holder offers it to a waiting thread
//!    (CPython offers it after `sys.getswitchinterval()`, 5 ms by default);
//! 3. a thread can let go of it while it waits for I/O ([`Holding::release`] and
//!    [`Holding::reacquire`], CPython's `Py_BEGIN_ALLOW_THREADS` and
//!    `Py_END_ALLOW_THREADS`).
//!
//! [`Gil::disabled`] builds the same interface with no lock at all, like the
//! free-threaded CPython build: the demo runs identical code both ways.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

// ANCHOR: gil
/// The interpreter's one lock. Share it between threads by reference (scoped
/// threads) or in an `Arc`.
#[derive(Debug)]
pub struct Gil {
    state: Mutex<State>,
    /// Signalled whenever the lock changes hands.
    changed: Condvar,
    /// Steps a holder runs before it offers the lock to a waiting thread.
    switch_interval: u32,
    /// `false` for the free-threaded build: acquiring never waits.
    enabled: bool,
}

#[derive(Debug, Default)]
struct State {
    /// Which thread runs Python code right now, if any.
    holder: Option<ThreadId>,
    /// Threads blocked in `acquire`, waiting for their turn.
    waiting: usize,
    /// How many times the lock has been taken: a holder that offers the lock
    /// waits until this moves, so the offer is not just taken back at once.
    handovers: u64,
}
// ANCHOR_END: gil

/// Proof that the current thread holds the GIL, like PyO3's `Python<'py>` token.
/// Running a step needs one; dropping it releases the lock.
#[derive(Debug)]
pub struct Holding<'gil> {
    gil: &'gil Gil,
    steps_since_offer: u32,
    /// `false` between `release` and `reacquire`.
    held: bool,
}

impl Gil {
    /// A GIL that is offered to waiting threads every `switch_interval` steps.
    pub fn new(switch_interval: u32) -> Gil {
        assert!(
            switch_interval > 0,
            "a switch interval of 0 steps never runs a step"
        );
        Gil {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            switch_interval,
            enabled: true,
        }
    }

    /// The free-threaded build: the same interface, and no lock at all.
    pub fn disabled() -> Gil {
        Gil {
            enabled: false,
            ..Gil::new(u32::MAX)
        }
    }

    /// Waits until no other thread holds the GIL, then takes it.
    pub fn acquire(&self) -> Holding<'_> {
        self.take(None);
        Holding {
            gil: self,
            steps_since_offer: 0,
            held: true,
        }
    }

    /// Like [`Gil::acquire`], giving up after `patience`. Tests use it to turn
    /// "waits for a lock that is never released" into a failure instead of a hang.
    pub fn try_acquire_for(&self, patience: Duration) -> Option<Holding<'_>> {
        // `then`, not `then_some`: a `Holding` built eagerly and thrown away would
        // release, on drop, a GIL that this thread never took.
        self.take(Some(Instant::now() + patience)).then(|| Holding {
            gil: self,
            steps_since_offer: 0,
            held: true,
        })
    }

    /// Does the calling thread hold the GIL right now?
    pub fn is_held_by_current_thread(&self) -> bool {
        !self.enabled || self.lock_state().holder == Some(thread::current().id())
    }

    /// How many times the GIL has changed hands so far.
    pub fn handovers(&self) -> u64 {
        self.lock_state().handovers
    }

    // ANCHOR: take
    /// Blocks until the GIL is free, then takes it. Returns `false` only when a
    /// deadline passes first.
    fn take(&self, deadline: Option<Instant>) -> bool {
        if !self.enabled {
            return true;
        }
        let mut state = self.lock_state();
        state.waiting += 1;
        self.wait_then_take(state, deadline)
    }

    /// The waiting half of `take`, for a thread already counted in `waiting`.
    fn wait_then_take(&self, mut state: MutexGuard<'_, State>, deadline: Option<Instant>) -> bool {
        while state.holder.is_some() {
            state = match deadline {
                None => self.changed.wait(state).unwrap(),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        state.waiting -= 1;
                        drop(state);
                        // A holder offering the lock may be waiting for us: wake it.
                        self.changed.notify_all();
                        return false;
                    }
                    self.changed.wait_timeout(state, left).unwrap().0
                }
            };
        }
        state.waiting -= 1;
        state.holder = Some(thread::current().id());
        state.handovers += 1;
        drop(state);
        // The thread that offered the lock sleeps in `offer` until it changes hands:
        // tell it that it has. CPython's `take_gil` signals its `switch_cond` here.
        self.changed.notify_all();
        true
    }

    fn give_back(&self) {
        if !self.enabled {
            return;
        }
        let mut state = self.lock_state();
        debug_assert_eq!(state.holder, Some(thread::current().id()));
        state.holder = None;
        drop(state);
        self.changed.notify_all();
    }

    /// The switch interval is up: if another thread is waiting, hand the GIL over
    /// and wait until that thread has really taken it. Without that wait the
    /// releasing thread, already running on a core, usually wins the lock straight
    /// back before the woken thread is scheduled: the old GIL's problem, which
    /// CPython 3.2 fixed with this forced switch.
    fn offer(&self) {
        if !self.enabled {
            return;
        }
        let mut state = self.lock_state();
        if state.waiting == 0 {
            return; // nobody wants it: keep going
        }
        let before = state.handovers;
        state.holder = None;
        // From now on this thread waits for the GIL like any other: counted, so
        // that the thread taking it now offers it back after its own interval.
        state.waiting += 1;
        self.changed.notify_all();
        // Until another thread takes it (or every other waiter gives up).
        while state.handovers == before && state.waiting > 1 {
            state = self.changed.wait(state).unwrap();
        }
        self.wait_then_take(state, None);
    }
    // ANCHOR_END: take

    fn lock_state(&self) -> MutexGuard<'_, State> {
        // The state is a few counters, consistent after every statement: a thread
        // that panicked while holding this mutex left nothing half-done.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

// ANCHOR: step
impl<'gil> Holding<'gil> {
    /// Runs one step of "Python code". Every `switch_interval` steps the GIL is
    /// offered to a waiting thread, so no thread runs forever while others wait.
    pub fn step<T>(&mut self, work: impl FnOnce() -> T) -> T {
        assert!(
            self.held,
            "a step ran without the GIL: call reacquire() first"
        );
        let out = work();
        self.steps_since_offer += 1;
        if self.steps_since_offer >= self.gil.switch_interval {
            self.steps_since_offer = 0;
            self.gil.offer();
        }
        out
    }
    // ANCHOR_END: step

    // ANCHOR: release
    /// Lets go of the GIL before a blocking call: `Py_BEGIN_ALLOW_THREADS`.
    /// Other threads can run steps until [`Holding::reacquire`].
    pub fn release(&mut self) {
        assert!(self.held, "release() called twice without reacquire()");
        self.held = false;
        self.gil.give_back();
    }

    /// Waits for the GIL again after a blocking call: `Py_END_ALLOW_THREADS`.
    pub fn reacquire(&mut self) {
        assert!(
            !self.held,
            "reacquire() called while already holding the GIL"
        );
        self.gil.take(None);
        self.held = true;
        self.steps_since_offer = 0;
    }
    // ANCHOR_END: release

    /// The GIL this token belongs to.
    pub fn gil(&self) -> &'gil Gil {
        self.gil
    }
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        if self.held {
            self.gil.give_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Gil;
    use std::sync::Mutex;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn a_thread_that_gives_up_waiting_leaves_the_holder_alone() {
        let gil = Gil::new(10);
        let _py = gil.acquire();
        let gave_up = thread::scope(|scope| {
            scope
                .spawn(|| gil.try_acquire_for(Duration::from_millis(10)).is_none())
                .join()
                .unwrap()
        });
        assert!(gave_up);
        assert!(gil.is_held_by_current_thread());
    }

    #[test]
    fn the_holder_hands_over_to_a_waiting_thread() {
        let gil = Gil::new(1);
        let mut py = gil.acquire();
        thread::scope(|scope| {
            let other = scope.spawn(|| gil.acquire().step(|| ()));
            // Each step offers the GIL; keep stepping until the other thread has had it.
            while !other.is_finished() {
                py.step(|| ());
            }
        });
        assert!(gil.handovers() >= 3, "taken, handed over, taken back");
        assert!(gil.is_held_by_current_thread());
    }

    #[test]
    fn two_computing_threads_take_turns() {
        let gil = Gil::new(1);
        let log = Mutex::new(String::new());
        let note = |who| log.lock().unwrap().push(who);
        let mut py = gil.acquire();
        thread::scope(|scope| {
            scope.spawn(|| {
                let mut py = gil.acquire();
                for _ in 0..5 {
                    py.step(|| note('b'));
                }
            });
            while gil.lock_state().waiting == 0 {
                thread::yield_now();
            }
            for _ in 0..5 {
                py.step(|| note('a'));
            }
            drop(py);
        });
        // With a switch interval of one step, each holder offers the GIL to the
        // other after every step, the thread that offered it included.
        assert_eq!(log.into_inner().unwrap(), "ababababab");
    }
}
