// Wrong: unlocking is one store of `false`, and a store is atomic anyway, so `Relaxed`
// Caught by the_next_holder_sees_what_the_last_one_wrote: "read the OLD value"
// Draws: "[x"

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
        self.locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| SpinGuard { lock: self })
    }
}

impl Drop for SpinGuard<'_> {
    fn drop(&mut self) {
        // One atomic store: nobody can see half of it.
        self.lock.locked.store(false, Ordering::Relaxed);
    }
}
