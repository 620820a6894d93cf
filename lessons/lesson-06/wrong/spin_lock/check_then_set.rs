// Wrong: wait until the lock looks free, then set it: `while locked { spin }` and then `locked = true`
// Caught by one_thread_inside_at_a_time: "both threads were inside the lock at once"
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
        // Wait while someone holds it, then it is ours.
        while self.locked.load(Ordering::Acquire) {
            hint::spin_loop();
        }
        self.locked.store(true, Ordering::Relaxed);
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
