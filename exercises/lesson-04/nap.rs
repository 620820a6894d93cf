//! Exercise `nap`: a sleep that puts one coroutine to sleep, not its worker thread.
//!
//! Test it: `cargo test -p lesson-04 --test nap`

use std::time::Duration;

// ANCHOR: stub
/// Sleeps for at least `duration`. In a coroutine, only the calling coroutine waits:
/// the worker thread goes on running the others. In a plain thread, the thread sleeps.
pub fn nap(duration: Duration) {
    // `std::thread::sleep(duration)` compiles, and sleeps, and is wrong here: it
    // puts the whole worker thread to sleep, and every coroutine queued on that
    // worker sleeps with it. Try it first and watch the test fail. Then find the
    // sleep that may provides for coroutines (Python's gevent had `gevent.sleep`).
    todo!("sleep for {duration:?} without blocking the worker thread")
}
// ANCHOR_END: stub
