//! Exercise `reactor_turn`: one turn of the event loop, in libuv's order.
//!
//! Test it: `cargo test -p lesson-09 --test reactor_turn`
//!
//! The loop and its handle lists are in `lessons/lesson-09/src/reactor.rs`; read
//! it first. Its fields are yours to use here: `self.now`, `self.timers` (a
//! `BinaryHeap<Reverse<Due>>`, soonest on top), `self.timer_callbacks`,
//! `self.pending`, `self.idle`, `self.closing`, `self.poll`, `self.events`.

use crate::reactor::{Loop, Readiness, readiness};
use std::io;
use std::time::Duration;

// ANCHOR: stub
impl Loop {
    /// One turn: every phase once, in libuv's order:
    /// update the time, run due timers, run pending callbacks, run idle handles,
    /// run prepare handles, poll for I/O (for at most `poll_timeout()`), run
    /// check handles, close the handles that were closed.
    ///
    /// The simple phases are ready-made: `update_time`, `run_pending`,
    /// `run_idle`, `run_prepare`, `run_check`, `run_closing`. The three below
    /// are yours.
    pub fn run_once(&mut self) -> io::Result<()> {
        todo!("one turn of the loop")
    }

    /// Runs, soonest first, every timer due at the loop's time (`self.now`, not
    /// the clock: the whole turn sees one time). A timer whose callback is gone
    /// from `self.timer_callbacks` was cancelled: skip it.
    pub fn run_due_timers(&mut self) {
        todo!("run the timers due at {:?}", self.now)
    }

    /// How long the poll may block:
    /// - `Some(Duration::ZERO)` if there is work it would hold up (pending
    ///   callbacks, idle handles, handles to close), or nothing left at all
    ///   (`!self.alive()`);
    /// - otherwise, until the soonest timer that is not cancelled, measured from
    ///   `self.now` (zero if it is already due);
    /// - otherwise `None`: wait for I/O as long as it takes.
    pub fn poll_timeout(&self) -> Option<Duration> {
        todo!("how long may the loop wait?")
    }

    /// Waits for I/O for at most `timeout` (`self.poll.poll(&mut self.events,
    /// timeout)`), then calls, through `self.dispatch(token, readiness)`, the
    /// handler of every socket the OS reported. An `Interrupted` error means a
    /// signal cut the wait short: no events this time, not a failure.
    pub fn poll_io(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        // `readiness(event)` turns a mio event into a `Readiness`. Iterating
        // `self.events` borrows `self`, and `dispatch` needs `&mut self`.
        todo!("poll for at most {timeout:?} and dispatch")
    }
}
// ANCHOR_END: stub
