// Wrong: reset the woken flag after each poll, so the next wait starts clean
// Caught by polls_again_after_each_wake_up: "a lost wake-up"
// Draws: "[x"
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

/// The waker of `block_on`: waking it wakes the thread parked in `block_on`.
#[derive(Debug)]
struct ThreadWaker {
    /// The thread that runs `block_on`.
    thread: Thread,
    /// Set by a wake-up, cleared by `block_on` when it polls again. `thread::park` may
    /// return without any wake-up ("spuriously"); the flag tells the two apart.
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Runs `future` to completion on this thread and returns its output. Polls it once,
/// then again only after it has been woken, parking the thread in between.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // `poll` needs a pinned future: one that will not move again. Pinned on the
    // stack here, since it never leaves this function.
    let mut future = pin!(future);
    let signal = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(Arc::clone(&signal));
    let mut cx = Context::from_waker(&waker);

    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // A fresh wait: forget any earlier wake-up, then sleep until the next one.
        signal.woken.store(false, Ordering::Release);
        while !signal.woken.load(Ordering::Acquire) {
            thread::park();
        }
    }
}
