// Wrong: a nap is gevent.sleep, and gevent.sleep(0) yields, so I yield
// Caught by a_nap_lasts_at_least_its_duration: "Stepping aside (yield_now) lets the others run, but it is not a nap"
//! Exercise `nap`: a sleep that puts one coroutine to sleep, not its worker thread.

use std::time::Duration;

/// Sleeps for at least `duration`. In a coroutine, only the calling coroutine waits:
/// the worker thread goes on running the others. In a plain thread, the thread sleeps.
pub fn nap(_duration: Duration) {
    may::coroutine::yield_now();
}
