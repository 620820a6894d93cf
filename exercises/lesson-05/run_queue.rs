//! Exercise `run_queue`: an executor for many tasks on one thread. A task is polled
//! when it is spawned, and after that only when it has been woken.
//!
//! It is lesson 01's round-robin scheduler with one change: a task that returns
//! `Pending` does not go back in the queue by itself. Its waker puts it back.
//!
//! Test it: `cargo test -p lesson-05 --test run_queue`

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

// ANCHOR: stub
/// A spawned future, boxed so that tasks of different types fit in one queue.
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One task: its future, and the way back into the run queue. It is its own waker:
/// `Waker::from(Arc::clone(&task))`.
struct Task {
    /// `None` once the future has finished. A `Mutex` because a waker, and so the
    /// task, can be sent to and woken from any thread.
    future: Mutex<Option<BoxedFuture>>,
    /// The run queue's sending end.
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        todo!("put this task at the back of the run queue")
    }
}

/// A single-threaded executor with a run queue of woken tasks.
#[derive(Debug)]
pub struct Executor {
    queue: Sender<Arc<Task>>,
    ready: Receiver<Arc<Task>>,
    /// Tasks spawned and not finished yet.
    unfinished: usize,
}

impl Default for Executor {
    fn default() -> Self {
        Executor::new()
    }
}

impl Executor {
    pub fn new() -> Self {
        let (queue, ready) = mpsc::channel();
        Executor {
            queue,
            ready,
            unfinished: 0,
        }
    }

    /// Adds a task. It is first polled by `run`, in the order tasks were spawned.
    pub fn spawn(&mut self, future: impl Future<Output = ()> + Send + 'static) {
        todo!("wrap the future in a Task and put it in the run queue")
    }

    /// Runs until every spawned task has finished: polls the task at the front of the
    /// queue; when the queue is empty, sleeps until a task is woken.
    pub fn run(self) {
        // The queue can be empty while tasks are unfinished: they are waiting for a
        // wake-up from another thread. `recv()` sleeps until one comes; ending the
        // loop because the queue is empty would abandon them.
        todo!(
            "poll woken tasks until all {} have finished",
            self.unfinished
        )
    }
}
// ANCHOR_END: stub
