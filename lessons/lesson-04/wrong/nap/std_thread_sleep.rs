// Wrong: I sleep with std::thread::sleep, as I would in a thread
// Caught by ten_sleepers_are_asleep_at_the_same_time: "that is what std::thread::sleep does"
// Draws: "peak 1"
//! Exercise `nap`: a sleep that puts one coroutine to sleep, not its worker thread.

use std::time::Duration;

/// Sleeps for at least `duration`. In a coroutine, only the calling coroutine waits:
/// the worker thread goes on running the others. In a plain thread, the thread sleeps.
pub fn nap(duration: Duration) {
    std::thread::sleep(duration);
}
