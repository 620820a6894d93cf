// Wrong: notify only when the count goes from 0 to 1: with permits left over, nobody can be waiting
// Caught by two_permits_back_wake_two_waiters: "only when the count goes from 0 to 1"
// Draws: "xxx"

use crate::sync::{Condvar, Mutex, MutexGuard};

/// A counting semaphore: at most `permits` holders at any moment.
#[derive(Debug)]
pub struct Semaphore {
    state: Mutex<State>,
    /// Signalled whenever a permit comes back.
    freed: Condvar,
}

#[derive(Debug)]
struct State {
    /// Permits nobody holds.
    available: usize,
    /// Threads inside `acquire`, waiting for a permit.
    waiting: usize,
}

/// One permit, held until dropped.
#[derive(Debug)]
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.semaphore.release();
    }
}

impl Semaphore {
    /// A semaphore with `permits` permits.
    pub fn new(permits: usize) -> Self {
        Semaphore {
            state: Mutex::new(State {
                available: permits,
                waiting: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// Takes a permit, waiting (asleep, not spinning) while there is none.
    pub fn acquire(&self) -> Permit<'_> {
        let mut state = self.lock();
        // `while`, not `if`: being woken only means "look again". Another thread
        // may have taken the permit first, and wake-ups can be spurious.
        while state.available == 0 {
            state.waiting += 1;
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
            state.waiting -= 1;
        }
        state.available -= 1;
        Permit { semaphore: self }
    }

    /// Takes a permit if one is free, without waiting.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut state = self.lock();
        if state.available == 0 {
            return None;
        }
        state.available -= 1;
        Some(Permit { semaphore: self })
    }

    /// Permits nobody holds, now.
    pub fn available(&self) -> usize {
        self.lock().available
    }

    /// Threads waiting in `acquire`, now.
    pub fn waiting(&self) -> usize {
        self.lock().waiting
    }

    /// Puts a permit back and wakes one waiter. Called by `Permit`'s `drop`.
    fn release(&self) {
        let mut state = self.lock();
        state.available += 1;
        // Only an empty semaphore has waiters: wake one when it stops being empty.
        if state.available == 1 {
            self.freed.notify_one();
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left the counts consistent
        // (every change is one statement), so carry on.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
