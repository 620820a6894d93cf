// Wrong: `try_lock` looks first and takes the lock only if it is free, like `if not locked: locked = True`
// Caught by try_lock_on_two_threads_at_once: "both threads' try_lock returned a guard"
// Draws: "peak 2"

use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::hint;

/// A lock that waits by spinning: it retries until the lock is free, on the CPU,
/// instead of asking the operating system to put the thread to sleep.
#[derive(Debug, Default)]
pub struct SpinLock {
    locked: AtomicBool,
}

/// Proof that you hold a [`SpinLock`]. Dropping it unlocks.
#[derive(Debug)]
pub struct SpinGuard<'a> {
    lock: &'a SpinLock,
}

impl SpinLock {
    pub fn new() -> SpinLock {
        SpinLock::default()
    }

    /// Waits until the lock is free, takes it, and returns the guard.
    pub fn lock(&self) -> SpinGuard<'_> {
        // "If it is false, make it true" in one step: of two threads that try at
        // once, exactly one wins. Acquire: once we have it, we see everything the
        // last holder wrote before it let go.
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            // Wait with plain loads, which leave the cache line shared, and try the
            // exchange again only when the lock looks free.
            while self.locked.load(Ordering::Relaxed) {
                hint::spin_loop();
            }
        }
        SpinGuard { lock: self }
    }

    /// Takes the lock if it is free right now; `None` if another thread holds it.
    pub fn try_lock(&self) -> Option<SpinGuard<'_>> {
        if self.locked.load(Ordering::Acquire) {
            return None;
        }
        self.locked.store(true, Ordering::Relaxed);
        Some(SpinGuard { lock: self })
    }
}

impl Drop for SpinGuard<'_> {
    fn drop(&mut self) {
        // Release: everything this holder wrote is published before the lock reads
        // as free, so the next holder's Acquire sees it.
        self.lock.locked.store(false, Ordering::Release);
    }
}
