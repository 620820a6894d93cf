// Wrong: wake the waker on every poll, to be safe, the Ready one included
// Caught by pending_three_times_then_ready: "The poll that returns Ready should not wake it"
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

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // Always ask to be polled again: better once too often than never.
        cx.waker().wake_by_ref();
        if self.remaining == 0 {
            return Poll::Ready(());
        }
        self.remaining -= 1;
        Poll::Pending
    }
}
