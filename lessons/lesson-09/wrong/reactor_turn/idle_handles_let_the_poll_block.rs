// Wrong: only pending callbacks are work that cannot wait; idle handles can run after the poll
// Caught by one_turn_runs_the_phases_in_libuvs_order: "while there is one the poll must not block"
// Draws: "watchdog woke the poll"
//! Exercise `reactor_turn`: one turn of the event loop, in libuv's order.
//!
//! Test it: `cargo test -p lesson-09 --test reactor_turn`

use crate::reactor::{Loop, Readiness, readiness};
use std::io;
use std::time::Duration;

impl Loop {
    /// One turn: every phase once, in libuv's order.
    pub fn run_once(&mut self) -> io::Result<()> {
        self.update_time();
        self.run_due_timers();
        self.run_pending();
        self.run_idle();
        self.run_prepare();
        let timeout = self.poll_timeout();
        self.poll_io(timeout)?;
        self.run_check();
        self.run_closing();
        Ok(())
    }

    /// Runs, soonest first, every timer due at the loop's time (`self.now`).
    pub fn run_due_timers(&mut self) {
        while let Some(&std::cmp::Reverse(due)) = self.timers.peek() {
            if due.at > self.now {
                break;
            }
            self.timers.pop();
            if let Some(callback) = self.timer_callbacks.remove(&due.id) {
                callback(self);
            }
        }
    }

    /// How long the poll may block: not at all if there is work it would delay,
    /// until the next timer if there is one, and forever (`None`) otherwise.
    pub fn poll_timeout(&self) -> Option<Duration> {
        let work_waiting = !self.pending.is_empty() || !self.closing.is_empty();
        if work_waiting || !self.alive() {
            return Some(Duration::ZERO);
        }
        self.timers
            .iter()
            .filter(|due| self.timer_callbacks.contains_key(&due.0.id))
            .map(|due| due.0.at)
            .min()
            .map(|at| at.saturating_duration_since(self.now))
    }

    /// Waits for I/O at most `timeout`, then calls the handler of every socket
    /// the OS reported ready.
    pub fn poll_io(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        match self.poll.poll(&mut self.events, timeout) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::Interrupted => return Ok(()),
            Err(error) => return Err(error),
        }
        let ready: Vec<(mio::Token, Readiness)> = self
            .events
            .iter()
            .map(|event| (event.token(), readiness(event)))
            .collect();
        for (token, readiness) in ready {
            self.dispatch(token, readiness);
        }
        Ok(())
    }
}
