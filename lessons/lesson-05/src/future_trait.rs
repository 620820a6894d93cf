//! The standard library's `Future` trait and `Poll` enum, written out here so that the
//! chapter can show them from a file that compiles. Use `std::future::Future` and
//! `std::task::Poll` in real code; these copies are for reading.

use std::pin::Pin;
use std::task::Context;

// ANCHOR: future
pub trait Future {
    /// What the future produces when it is done.
    type Output;

    /// Runs the state machine until it finishes (`Ready`) or must wait (`Pending`).
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output>;
}

#[derive(Debug)]
pub enum Poll<T> {
    Ready(T),
    Pending,
}
// ANCHOR_END: future
