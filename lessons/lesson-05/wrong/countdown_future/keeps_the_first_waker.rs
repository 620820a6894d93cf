// Wrong: clone the waker on the first poll and keep it; a waker is a waker
// Caught by pending_three_times_then_ready: "a stale waker"
//! Exercise `countdown_future`: lesson 01's countdown, as a `Future` written by hand.
//!
//! Test it: `cargo test -p lesson-05 --test countdown_future`

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A future that returns `Poll::Pending` `n` times before it is ready, and makes sure
/// each time that it will be polled again.
#[derive(Debug)]
pub struct Countdown {
    remaining: u32,
    /// Cloned once, on the first poll, and reused after that.
    waker: Option<Waker>,
}

impl Countdown {
    /// A countdown that is pending `n` times, then ready.
    pub fn new(n: u32) -> Self {
        Countdown {
            remaining: n,
            waker: None,
        }
    }
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.remaining == 0 {
            return Poll::Ready(());
        }
        self.remaining -= 1;
        self.waker
            .get_or_insert_with(|| cx.waker().clone())
            .wake_by_ref();
        Poll::Pending
    }
}
