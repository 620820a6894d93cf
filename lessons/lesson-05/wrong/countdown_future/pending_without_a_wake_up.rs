// Wrong: Pending just hands control back to the loop, like a bare `yield` in a generator; nobody needs waking
// Caught by pending_three_times_then_ready: "returned Pending without waking the waker"
//! Exercise `countdown_future`: lesson 01's countdown, as a `Future` written by hand.
//!
//! Test it: `cargo test -p lesson-05 --test countdown_future`

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

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

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.remaining == 0 {
            return Poll::Ready(());
        }
        self.remaining -= 1;
        // The executor will come back to us, as asyncio's loop does.
        Poll::Pending
    }
}
