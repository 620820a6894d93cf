//! A future that waits for something to happen elsewhere: the smallest *leaf* future.
//! A reactor's futures (a socket that becomes readable, a timer that fires) work the
//! same way: they keep the waker of whoever waits, and wake it when the event comes.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

// ANCHOR: gate
/// A closed gate, and the handle that opens it.
pub fn gate() -> (Gate, Opener) {
    let shared = Arc::new(Mutex::new(Shared::default()));
    (
        Gate {
            shared: Arc::clone(&shared),
        },
        Opener { shared },
    )
}

#[derive(Debug, Default)]
struct Shared {
    open: bool,
    /// Whom to wake when the gate opens: the task that last found it closed.
    waiter: Option<Waker>,
}

/// Waits until the gate is open.
#[derive(Debug)]
pub struct Gate {
    shared: Arc<Mutex<Shared>>,
}

impl Future for Gate {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut shared = self.shared.lock().unwrap();
        if shared.open {
            return Poll::Ready(());
        }
        // Keep this poll's waker, replacing any older one: the task may have been
        // moved, or be polled by another executor, since the last time.
        shared.waiter = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Opens the gate, from any thread.
#[derive(Debug, Clone)]
pub struct Opener {
    shared: Arc<Mutex<Shared>>,
}

impl Opener {
    pub fn open(&self) {
        let waiter = {
            let mut shared = self.shared.lock().unwrap();
            shared.open = true;
            shared.waiter.take()
        };
        // Wake after unlocking: the woken task may run at once, on another thread,
        // and its first move is to lock `shared`.
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    }
}
// ANCHOR_END: gate
