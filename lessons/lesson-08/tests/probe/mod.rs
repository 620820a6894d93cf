//! A meeting between blocking work and another task, shared by the exercise tests.
//!
//! The blocking side calls [`Work::wait_for_neighbour`] from inside the work: it
//! tells the neighbour task that the work has started, then waits for its answer.
//! The neighbour can only answer if the runtime gets to run it while the work is
//! still going on. So "they met" proves that another task made progress *during*
//! the work, with no clock involved, and "they did not meet" means the work blocked
//! the thread the neighbour needed.

// Every test target compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::sync::{Mutex, mpsc};
use std::thread::{self, ThreadId};
use std::time::Duration;
use tokio::sync::oneshot;

/// How long the work waits for the neighbour before it gives up. When they meet, it
/// takes microseconds; this only decides how long a blocked runtime takes to fail,
/// and it stays well inside the exercise's time limit.
pub const PATIENCE: Duration = Duration::from_secs(4);

/// Makes the two sides of one meeting.
pub fn meeting() -> (Work, Neighbour) {
    let (started, on_start) = oneshot::channel();
    let (answer, answered) = mpsc::channel();
    let work = Work {
        started: Mutex::new(Some(started)),
        answered: Mutex::new(answered),
        seen: Mutex::new(None),
    };
    (work, Neighbour { on_start, answer })
}

/// The blocking side, for the work to call.
#[derive(Debug)]
pub struct Work {
    started: Mutex<Option<oneshot::Sender<()>>>,
    answered: Mutex<mpsc::Receiver<()>>,
    seen: Mutex<Option<Seen>>,
}

/// What the blocking side saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// The thread the work ran on.
    pub thread: ThreadId,
    /// Whether the neighbour answered while the work waited.
    pub met: bool,
}

impl Work {
    /// Tells the neighbour the work has started and waits for its answer. Only the
    /// first call waits; later calls return what the first one saw.
    pub fn wait_for_neighbour(&self) -> Seen {
        let mut seen = self.seen.lock().unwrap();
        if let Some(seen) = *seen {
            return seen;
        }
        if let Some(started) = self.started.lock().unwrap().take() {
            let _ = started.send(());
        }
        let met = self.answered.lock().unwrap().recv_timeout(PATIENCE).is_ok();
        *seen.insert(Seen {
            thread: thread::current().id(),
            met,
        })
    }

    /// What the first call saw, if there was one.
    pub fn seen(&self) -> Option<Seen> {
        *self.seen.lock().unwrap()
    }
}

/// The other side: a future to spawn on the runtime.
#[derive(Debug)]
pub struct Neighbour {
    on_start: oneshot::Receiver<()>,
    answer: mpsc::Sender<()>,
}

impl Neighbour {
    /// Waits until the work has started, then answers it at once.
    pub async fn answer(self) {
        if self.on_start.await.is_ok() {
            let _ = self.answer.send(());
        }
    }
}
