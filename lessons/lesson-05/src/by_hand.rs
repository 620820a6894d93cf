//! Driving an `async fn` by hand: `poll` is lesson 01's `resume`.

use crate::gate::{Gate, gate};
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

// ANCHOR: greet
/// Logs a line, waits for the gate, logs another line, and returns.
async fn greet(log: &RefCell<Vec<String>>, gate: Gate) -> &'static str {
    log.borrow_mut().push("greet: started".to_owned());
    gate.await;
    log.borrow_mut().push("greet: the gate is open".to_owned());
    "done"
}
// ANCHOR_END: greet

// ANCHOR: by_hand
/// Creates the `greet` future and polls it by hand, logging what each step did.
pub fn poll_by_hand() -> Vec<String> {
    let log = RefCell::new(Vec::new());
    let (closed, opener) = gate();

    {
        let mut future = pin!(greet(&log, closed));
        log.borrow_mut().push("created; nothing has run".to_owned());

        // A waker that does nothing: we poll by hand, so nobody needs waking.
        let mut cx = Context::from_waker(Waker::noop());

        let first = future.as_mut().poll(&mut cx);
        log.borrow_mut().push(format!("poll 1 -> {first:?}"));

        opener.open();
        log.borrow_mut().push("the gate opens".to_owned());

        let second = future.as_mut().poll(&mut cx);
        log.borrow_mut().push(format!("poll 2 -> {second:?}"));
        assert_eq!(second, Poll::Ready("done"));
    } // The future ends here, and with it its borrow of `log`.
    log.into_inner()
}
// ANCHOR_END: by_hand

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: by_hand_test
    #[test]
    fn each_poll_runs_to_the_next_pending() {
        assert_eq!(
            poll_by_hand(),
            [
                "created; nothing has run",
                "greet: started",
                "poll 1 -> Pending",
                "the gate opens",
                "greet: the gate is open",
                "poll 2 -> Ready(\"done\")",
            ]
        );
    }
    // ANCHOR_END: by_hand_test
}
