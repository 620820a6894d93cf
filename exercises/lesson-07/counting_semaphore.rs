//! Exercise `counting_semaphore`: a semaphore for threads, built from a `Mutex` and a
//! `Condvar`, to see what one is made of.
//!
//! Keep the `use crate::sync::...` line as it is: the test compiles this file with a
//! watched `Mutex` and `Condvar` (the standard library's API) that see who sleeps and
//! who is woken.
//!
//! Test it: `cargo test -p lesson-07 --test counting_semaphore`

use crate::sync::{Condvar, Mutex, MutexGuard};

// ANCHOR: stub
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

    /// Takes a permit, waiting (asleep, not spinning) while there is none. Counts
    /// itself in `waiting` for as long as it waits.
    pub fn acquire(&self) -> Permit<'_> {
        // `Condvar::wait(guard)` unlocks the mutex, sleeps until notified, and locks
        // it again before it returns the guard. What must be true before you take a
        // permit, and what if it is no longer true when you wake up?
        todo!("take a permit, waiting while there is none")
    }

    /// Takes a permit if one is free, without waiting.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        todo!("take a permit if one is free")
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
        todo!("give the permit back, and tell a waiter")
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left the counts consistent
        // (every change is one statement), so carry on.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
// ANCHOR_END: stub
