// Wrong: a task that returns Pending goes back in the queue, as in lesson 01's round robin
// Caught by a_waiting_task_is_not_polled_until_woken: "busy-polling"
// Draws: "waits at the gate  [......  [===           [==="
//! Exercise `run_queue`: an executor for many tasks on one thread. A task is polled
//! when it is spawned, and after that only when it has been woken.
//!
//! Test it: `cargo test -p lesson-05 --test run_queue`

use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// A spawned future, boxed so that tasks of different types fit in one queue.
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One task: its future, and the way back into the run queue. It is its own waker.
struct Task {
    /// `None` once the future has finished. A `Mutex` because a waker, and so the
    /// task, can be sent to and woken from any thread.
    future: Mutex<Option<BoxedFuture>>,
    /// The run queue's sending end.
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Waking a task is putting it at the back of the run queue. An error means
        // the executor is gone, and with it anyone who would poll the task.
        let _ = self.queue.send(Arc::clone(&self));
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
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queue: self.queue.clone(),
        });
        self.queue
            .send(task)
            .expect("the executor holds the receiving end");
        self.unfinished += 1;
    }

    /// Runs until every spawned task has finished: polls the task at the front of the
    /// queue; when the queue is empty, sleeps until a task is woken.
    pub fn run(mut self) {
        while self.unfinished > 0 {
            let task = self.ready.recv().expect("the executor holds a sending end");
            let mut slot = task.future.lock().unwrap();
            // A task woken twice before it ran is in the queue twice; after it has
            // finished, the slot is empty and the extra entry is skipped.
            let Some(future) = slot.as_mut() else {
                continue;
            };
            let waker = Waker::from(Arc::clone(&task));
            match future.as_mut().poll(&mut Context::from_waker(&waker)) {
                Poll::Ready(()) => {
                    *slot = None;
                    self.unfinished -= 1;
                }
                // Not done yet: back to the end of the line for another turn.
                Poll::Pending => {
                    drop(slot);
                    let _ = self.queue.send(Arc::clone(&task));
                }
            }
        }
    }
}
