//! The `store` module that the `lost_update` test compiles your file against: lesson
//! 05's own `SlowCounter` (`src/store.rs`), which also records every read and write
//! with the task that made it, on tokio's clock, for a failure to draw.
//!
//! A write is drawn as `xxx` when another write landed between it and its task's
//! read: it stores a count that never saw that other visit, so that visit is lost.

use kit::timeline::{ABANDONED, Span, Timeline};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use tokio::task::Id;
use tokio::time::Instant;

pub use lesson_05::store::ROUND_TRIP;

/// `lesson_05::store::SlowCounter`, recorded.
#[derive(Debug)]
pub struct SlowCounter {
    real: lesson_05::store::SlowCounter,
    state: Mutex<State>,
    timeline: Timeline,
    /// Time zero of the spans, on tokio's clock (paused in the tests).
    origin: Instant,
}

#[derive(Debug, Default)]
struct State {
    /// Writes that have landed so far.
    writes: u64,
    /// Each task's lane (`None`: the future of `count_visits` itself), and how many
    /// writes had landed when its latest read did.
    tasks: HashMap<Option<Id>, Task>,
}

#[derive(Debug)]
struct Task {
    lane: String,
    read_after: Option<u64>,
}

impl Default for SlowCounter {
    fn default() -> Self {
        SlowCounter {
            real: lesson_05::store::SlowCounter::default(),
            state: Mutex::default(),
            timeline: Timeline::new(),
            origin: Instant::now(),
        }
    }
}

impl SlowCounter {
    pub async fn read(&self) -> u64 {
        let mut step = self.begin("read");
        let value = self.real.read().await;
        let mut state = self.state();
        let writes = state.writes;
        state.task().read_after = Some(writes);
        step.kind = "read";
        value
    }

    pub async fn write(&self, value: u64) {
        let mut step = self.begin("write");
        self.real.write(value).await;
        let mut state = self.state();
        let writes = state.writes;
        let read_after = state.task().read_after;
        state.writes += 1;
        let overwrote = read_after.is_some_and(|read_after| read_after != writes);
        step.kind = if overwrote { ABANDONED } else { "write" };
    }

    pub fn peek(&self) -> u64 {
        self.real.peek()
    }

    /// Every read and write so far, a row per task.
    pub fn spans(&self) -> Vec<Span> {
        self.timeline.spans()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic cannot leave the state half changed: each change is one assignment.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A read or write starting now, on the calling task's lane.
    fn begin(&self, what: &'static str) -> Step<'_> {
        let lane = self.state().task().lane.clone();
        Step {
            counter: self,
            lane,
            label: what,
            start: Instant::now(),
            kind: ABANDONED,
        }
    }
}

impl State {
    /// The calling task's entry, numbered in the order tasks first use the counter.
    fn task(&mut self) -> &mut Task {
        let number = self.tasks.len() + 1;
        self.tasks
            .entry(tokio::task::try_id())
            .or_insert_with_key(|id| Task {
                lane: match id {
                    Some(_) => format!("task {number}"),
                    None => "count_visits itself".to_owned(),
                },
                read_after: None,
            })
    }
}

/// A read or a write, recorded when it ends or is dropped unfinished (its task
/// aborted): then it keeps the kind [`ABANDONED`].
struct Step<'a> {
    counter: &'a SlowCounter,
    lane: String,
    label: &'static str,
    start: Instant,
    kind: &'static str,
}

impl Drop for Step<'_> {
    fn drop(&mut self) {
        let origin = self.counter.origin;
        self.counter.timeline.record_span(Span {
            lane: std::mem::take(&mut self.lane),
            label: self.label.to_owned(),
            kind: self.kind.to_owned(),
            start: self.start - origin,
            end: Instant::now() - origin,
        });
    }
}
