//! A multi-threaded tokio runtime whose worker threads are watched through tokio's
//! park and unpark hooks: each stretch a worker spends running tasks, from when it
//! wakes up to when it goes back to sleep, is a span on its row. A worker that never
//! goes back to sleep is stuck inside a task: blocked, most likely, in a lock or a
//! blocking wait. That is what a failure draws when the runtime stops.

use kit::timeline::{ABANDONED, Span, Timeline};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};

/// How a failure introduces the run it draws.
pub const AS_THE_WORKERS_RAN: &str = "as the runtime's worker threads ran (a row per \
     thread: [=== running tasks, from waking up to going back to sleep; xxx one that had \
     not gone back to sleep when the test gave up: stuck inside a task)";

/// The busy stretches of a runtime's worker threads.
#[derive(Debug, Default)]
pub struct Workers {
    timeline: Timeline,
    /// Thread name -> since when it has been running tasks.
    busy: Mutex<HashMap<String, Duration>>,
}

impl Workers {
    /// A runtime with `threads` worker threads, each watched by `workers`.
    pub fn runtime(workers: &Arc<Workers>, threads: usize) -> Runtime {
        let numbered = AtomicUsize::new(0);
        let (woke, slept) = (Arc::clone(workers), Arc::clone(workers));
        Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            // Threads that take over a worker (`block_in_place`) come from the same
            // pool and get the next number.
            .thread_name_fn(move || {
                let number = numbered.fetch_add(1, Ordering::Relaxed) + 1;
                format!("runtime thread {number}")
            })
            .on_thread_unpark(move || woke.woke())
            .on_thread_park(move || slept.sleeps())
            .build()
            .expect("the test could not start a tokio runtime")
    }

    /// Every busy stretch so far; a worker busy now is drawn up to now, as stuck.
    pub fn spans(&self) -> Vec<Span> {
        let now = self.now();
        let busy: Vec<(String, Duration)> = self
            .busy()
            .iter()
            .map(|(thread, since)| (thread.clone(), *since))
            .collect();
        let mut spans = self.timeline.spans();
        spans.extend(
            busy.into_iter()
                .map(|(thread, since)| span(thread, since, now, ABANDONED)),
        );
        spans
    }

    fn woke(&self) {
        let now = self.now();
        self.busy().insert(current(), now);
    }

    fn sleeps(&self) {
        let now = self.now();
        let thread = current();
        if let Some(since) = self.busy().remove(&thread) {
            self.timeline
                .record_span(span(thread, since, now, "running tasks"));
        }
    }

    fn now(&self) -> Duration {
        self.timeline.origin().elapsed()
    }

    fn busy(&self) -> MutexGuard<'_, HashMap<String, Duration>> {
        // Each change is one insert or remove: a panic cannot leave half of one.
        self.busy.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn current() -> String {
    thread::current().name().unwrap_or("a thread").to_owned()
}

fn span(lane: String, start: Duration, end: Duration, kind: &str) -> Span {
    Span {
        lane,
        label: kind.to_owned(),
        kind: kind.to_owned(),
        start,
        end,
    }
}
