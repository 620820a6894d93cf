// Wrong: I do the blocking sleep on a thread of its own and join it, as run_in_executor would
// Caught by ten_sleepers_are_asleep_at_the_same_time: "joining a std thread"
// Draws: "peak 1"
//! Exercise `nap`: a sleep that puts one coroutine to sleep, not its worker thread.

use std::thread;
use std::time::Duration;

/// Sleeps for at least `duration`. In a coroutine, only the calling coroutine waits:
/// the worker thread goes on running the others. In a plain thread, the thread sleeps.
pub fn nap(duration: Duration) {
    // The blocking call goes to another thread, so it cannot block this one.
    thread::spawn(move || thread::sleep(duration))
        .join()
        .expect("the sleeping thread does not panic");
}
