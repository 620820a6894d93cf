// Wrong: the exchange only has to be atomic, so `Relaxed` is enough for taking the lock
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
        // compare_exchange is atomic, so only one thread can win: no ordering needed.
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
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
        // Release: everything this holder wrote is published before the lock reads
        // as free, so the next holder's Acquire sees it.
        self.lock.locked.store(false, Ordering::Release);
    }
}
