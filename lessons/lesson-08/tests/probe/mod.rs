//! A meeting between blocking work and another task, shared by the exercise tests.
//!
//! The blocking side calls [`Work::wait_for_neighbour`] from inside the work: it
//! tells the neighbour task that the work has started, then waits for its answer.
//! The neighbour can only answer if the runtime gets to run it while the work is
//! still going on. So "they met" proves that another task made progress *during*
//! the work, with no clock involved, and "they did not meet" means the work blocked
//! the thread the neighbour needed.
//!
//! A meeting says the runtime's thread was free; it does not say the thread was
//! *resting*. A task that spins (`while !handle.is_finished() { yield_now().await }`)
//! leaves room for the neighbour too, while it burns a core asking "done yet?". So
//! [`watched_runtime`] builds a current-thread runtime that reports when its thread
//! goes to sleep ([`Sleeps`]): tokio calls its park hook only when no task is ready
//! to run, and a task that wakes itself up is always ready. It also keeps the thread's
//! stretches awake on a timeline, for a failing check to draw beside the work.

// Every test target compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod wait;

use kit::timeline::{Span, Timeline};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread::{self, ThreadId};
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

/// How long the work waits for the neighbour before it gives up. When they meet, it
/// takes microseconds; this only decides how long a blocked runtime takes to fail,
/// and it stays well inside the exercise's time limit.
pub const PATIENCE: Duration = Duration::from_secs(4);

/// How long the work, once the runtime's thread is asleep, watches that it stays
/// asleep. A task that waits by `.await`ing is woken once, when the work is done; a
/// task that polls with a timer (`sleep(10 ms)` until `is_finished()`) wakes the
/// thread again and again, dozens of times within this window.
pub const QUIET: Duration = Duration::from_millis(300);

/// How many wake-ups within [`QUIET`] make a poller. Not one: a wake-up that came
/// while the thread was still busy (the neighbour's, say) can make its next sleep
/// end at once, with nothing to do, even when every task waits properly.
pub const POLLER_WAKE_UPS: u64 = 3;

/// Makes the two sides of one meeting.
pub fn meeting() -> (Work, Neighbour) {
    let (started, on_start) = oneshot::channel();
    let (answer, answered) = mpsc::channel();
    let work = Work {
        started: Mutex::new(Some(started)),
        answered: Mutex::new(answered),
        seen: Mutex::new(None),
        runtime_thread: None,
    };
    (work, Neighbour { on_start, answer })
}

/// A meeting with a neighbour that runs on `runtime_thread`, the only thread of a
/// current-thread runtime. Work that runs on that very thread cannot meet it: it
/// says so at once instead of waiting [`PATIENCE`] for an answer that cannot come.
pub fn meeting_beside(runtime_thread: ThreadId) -> (Work, Neighbour) {
    let (mut work, neighbour) = meeting();
    work.runtime_thread = Some(runtime_thread);
    (work, neighbour)
}

/// The blocking side, for the work to call.
#[derive(Debug)]
pub struct Work {
    started: Mutex<Option<oneshot::Sender<()>>>,
    answered: Mutex<mpsc::Receiver<()>>,
    seen: Mutex<Option<Seen>>,
    runtime_thread: Option<ThreadId>,
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
        let thread = thread::current().id();
        let met = if self.runtime_thread == Some(thread) {
            false
        } else {
            if let Some(started) = self.started.lock().unwrap().take() {
                let _ = started.send(());
            }
            self.answered.lock().unwrap().recv_timeout(PATIENCE).is_ok()
        };
        *seen.insert(Seen { thread, met })
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

/// A current-thread runtime (timers and I/O enabled, as `#[tokio::test]` has them)
/// whose blocking pool has at most `blocking_threads` threads, and a report of when
/// its thread sleeps.
pub fn watched_runtime(blocking_threads: usize) -> (Runtime, Arc<Sleeps>) {
    let sleeps = Arc::new(Sleeps::new());
    let on_park = Arc::clone(&sleeps);
    let on_unpark = Arc::clone(&sleeps);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads)
        .on_thread_park(move || on_park.set_asleep(true))
        .on_thread_unpark(move || on_unpark.set_asleep(false))
        .build()
        .expect("the test could not start a tokio runtime");
    (runtime, sleeps)
}

/// The row of the runtime's thread on a drawing.
pub const RUNTIME_THREAD: &str = "the runtime's thread";

/// When the runtime's thread went to sleep (parked, with no task ready to run) and
/// woke up again.
#[derive(Debug)]
pub struct Sleeps {
    state: Mutex<SleepState>,
    changed: Condvar,
    /// The thread's stretches awake, and whatever else a test records beside them.
    timeline: Timeline,
}

#[derive(Debug)]
struct SleepState {
    asleep: bool,
    wake_ups: u64,
    /// Since when, on the timeline, the thread has been awake; `None` while asleep.
    awake_since: Option<Duration>,
}

impl Sleeps {
    /// The thread of a runtime about to be built: awake.
    fn new() -> Sleeps {
        Sleeps {
            state: Mutex::new(SleepState {
                asleep: false,
                wake_ups: 0,
                awake_since: Some(Duration::ZERO),
            }),
            changed: Condvar::new(),
            timeline: Timeline::new(),
        }
    }

    fn set_asleep(&self, asleep: bool) {
        let mut state = self.state.lock().unwrap();
        if state.asleep && !asleep {
            state.wake_ups += 1;
        }
        state.asleep = asleep;
        let now = self.timeline.origin().elapsed();
        if asleep {
            if let Some(since) = state.awake_since.take() {
                self.timeline.record_span(awake(since, now));
            }
        } else {
            state.awake_since.get_or_insert(now);
        }
        self.changed.notify_all();
    }

    /// The timeline the thread's stretches awake are kept on: record the work beside
    /// them here, on the same clock.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Everything on the timeline so far, with the thread's stretch awake now (if it
    /// is awake, as it is when a check on it fails) drawn up to now: `[===` on the
    /// row [`RUNTIME_THREAD`] is the thread awake, running a task or blocked in one.
    pub fn spans(&self) -> Vec<Span> {
        let awake_since = self.state.lock().unwrap().awake_since;
        let mut spans = self.timeline.spans();
        if let Some(since) = awake_since {
            spans.push(awake(since, self.timeline.origin().elapsed()));
        }
        spans
    }

    /// Watches the runtime's thread from inside the work, once the only task left
    /// waits for the work to end: a task that `.await`s puts the thread to sleep
    /// at once, and nothing wakes it (more than once) before the work ends.
    pub fn watch(&self) -> Rest {
        let state = self.state.lock().unwrap();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, PATIENCE, |state| !state.asleep)
            .unwrap();
        if !state.asleep {
            return Rest::NeverSlept;
        }
        let asleep_since = state.wake_ups;
        let (state, _) = self
            .changed
            .wait_timeout_while(state, QUIET, |state| {
                state.wake_ups - asleep_since < POLLER_WAKE_UPS
            })
            .unwrap();
        if state.wake_ups - asleep_since < POLLER_WAKE_UPS {
            Rest::Slept
        } else {
            Rest::WokeUp
        }
    }
}

/// A stretch awake of the runtime's thread.
fn awake(start: Duration, end: Duration) -> Span {
    Span {
        lane: RUNTIME_THREAD.to_owned(),
        label: "awake".to_owned(),
        kind: "awake".to_owned(),
        start,
        end,
    }
}

/// What the runtime's thread did while the work went on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rest {
    /// It went to sleep and stayed asleep: the task waits with `.await`.
    Slept,
    /// It never went to sleep within [`PATIENCE`]: a task kept waking itself up.
    NeverSlept,
    /// It went to sleep, then woke up again and again within [`QUIET`] with the
    /// work still going on: a task polls on a timer.
    WokeUp,
}
