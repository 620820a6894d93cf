//! Exercise `spin_lock`: build the smallest lock there is, out of one atomic bool.
//!
//! A lock has two jobs. Keep a second thread out while one is inside: that takes
//! an atomic read-modify-write, because "is it free?" and "now it is mine" must be
//! one step. And hand over memory: whatever the last holder wrote inside the lock,
//! the next holder must see. That second job is what the `Ordering` arguments are
//! for. The test runs two threads through your lock under loom, which tries every
//! order they could run in AND every stale value a too-weak ordering would let a
//! load see. `Ordering::Relaxed` everywhere compiles, and fails.
//!
//! Keep the `use crate::sync::...` lines as they are: the loom test compiles this
//! file with loom's atomics in place of the standard library's.
//!
//! Test it: `cargo test -p lesson-06 --test spin_lock`

use crate::sync::atomic::{AtomicBool, Ordering};
use crate::sync::hint;

// ANCHOR: stub
/// A lock that waits by spinning: it retries until the lock is free, on the CPU,
/// instead of asking the operating system to put the thread to sleep.
#[derive(Debug, Default)]
pub struct SpinLock {
    /// `true` while some guard is alive.
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
        // Try to turn `false` into `true` in one atomic step; while that fails,
        // wait and try again. Call `hint::spin_loop()` in every turn of a waiting
        // loop: it tells the CPU (and loom) that this thread is only waiting.
        // Which `Ordering` makes the last holder's writes visible to you?
        todo!("take the lock")
    }

    /// Takes the lock if it is free right now; `None` if another thread holds it.
    pub fn try_lock(&self) -> Option<SpinGuard<'_>> {
        todo!("take the lock without waiting, or return None")
    }
}

impl Drop for SpinGuard<'_> {
    fn drop(&mut self) {
        // Unlock. Which `Ordering` publishes what this holder wrote?
        todo!("let go of the lock")
    }
}
// ANCHOR_END: stub
