//! Exercise `block_on`: the smallest executor. It runs one future to the end on the
//! calling thread, and sleeps whenever the future is waiting.
//!
//! Test it: `cargo test -p lesson-05 --test block_on`

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

// ANCHOR: stub
/// The waker of `block_on`: waking it wakes the thread parked in `block_on`.
/// `Waker::from(Arc<ThreadWaker>)` turns it into a `std::task::Waker`.
#[derive(Debug)]
struct ThreadWaker {
    /// The thread that runs `block_on`.
    thread: Thread,
    /// Set by a wake-up, cleared by `block_on` when it polls again. `thread::park` may
    /// return without any wake-up ("spuriously"); the flag tells the two apart.
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    /// May be called from any thread, before or after `block_on` parks.
    fn wake(self: Arc<Self>) {
        todo!("note the wake-up and unpark the thread of block_on")
    }
}

/// Runs `future` to completion on this thread and returns its output. Polls it once,
/// then again only after it has been woken, parking the thread in between.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` takes `Pin<&mut F>`: pin the future on the stack with `pin!(future)`.
    // Polling in a loop without waiting for a wake-up works, but burns a core while
    // the future waits: the tests count polls and will notice.
    todo!("poll the future until it is ready, parking the thread whenever it is pending")
}
// ANCHOR_END: stub
