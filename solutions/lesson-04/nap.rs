//! Exercise `nap`: a sleep that puts one coroutine to sleep, not its worker thread.
//!
//! Test it: `cargo test -p lesson-04 --test nap`

use std::time::Duration;

/// Sleeps for at least `duration`. In a coroutine, only the calling coroutine waits:
/// the worker thread goes on running the others. In a plain thread, the thread sleeps.
pub fn nap(duration: Duration) {
    // A timer wakes this coroutine up; until then it is off the worker's queue.
    may::coroutine::sleep(duration);
}
