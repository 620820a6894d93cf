//! Exercise `countdown_future`: lesson 01's countdown, as a `Future` written by hand.
//!
//! In lesson 01 you wrote a countdown `Iterator`: a struct that remembers where it is,
//! and a `next` that takes one step. A `Future` is the same idea with a different
//! step: `poll` either finishes (`Poll::Ready`) or says "not yet" (`Poll::Pending`).
//!
//! Test it: `cargo test -p lesson-05 --test countdown_future`

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

// ANCHOR: stub
/// A future that returns `Poll::Pending` `n` times before it is ready, and makes sure
/// each time that it will be polled again.
#[derive(Debug)]
pub struct Countdown {
    // TODO: what must the future remember between two polls?
}

impl Countdown {
    /// A countdown that is pending `n` times, then ready.
    pub fn new(n: u32) -> Self {
        todo!("build a countdown that is pending {n} times")
    }
}

impl Future for Countdown {
    type Output = ();

    /// One step. An executor polls a future again only after the future's waker,
    /// `cx.waker()`, has been woken. A `Pending` with nobody to wake the task is
    /// never polled again: the task hangs forever.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        todo!(
            "return Poll::Ready(()) when the countdown is over; otherwise count down, arrange to be polled again, and return Poll::Pending"
        )
    }
}
// ANCHOR_END: stub
