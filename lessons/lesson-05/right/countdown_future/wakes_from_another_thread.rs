// Right: a helper thread wakes the waker a moment after poll has returned Pending
// Accepted by every check: a wake-up may come from any thread, during the poll or after it
//! Exercise `countdown_future`: lesson 01's countdown, as a `Future` written by hand.
//!
//! Test it: `cargo test -p lesson-05 --test countdown_future`

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::thread;
use std::time::Duration;

/// A future that returns `Poll::Pending` `n` times before it is ready, and makes sure
/// each time that it will be polled again.
#[derive(Debug)]
pub struct Countdown {
    remaining: u32,
}

impl Countdown {
    /// A countdown that is pending `n` times, then ready.
    pub fn new(n: u32) -> Self {
        Countdown { remaining: n }
    }
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.remaining == 0 {
            return Poll::Ready(());
        }
        self.remaining -= 1;
        // Someone else keeps the promise of this Pending: a thread that wakes the
        // task a moment from now, as a reactor would when a timer fires.
        let waker = cx.waker().clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(1));
            waker.wake();
        });
        Poll::Pending
    }
}
