// Wrong: I yield until the time is up, so the other coroutines run while I wait
// Caught by napping_leaves_the_worker_idle: "is busy waiting"
//! Exercise `nap`: a sleep that puts one coroutine to sleep, not its worker thread.

use std::time::{Duration, Instant};

/// Sleeps for at least `duration`. In a coroutine, only the calling coroutine waits:
/// the worker thread goes on running the others. In a plain thread, the thread sleeps.
pub fn nap(duration: Duration) {
    let start = Instant::now();
    while start.elapsed() < duration {
        // Let the others run until it is time to wake up.
        may::coroutine::yield_now();
    }
}
