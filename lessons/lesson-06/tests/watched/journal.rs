//! The `journal` module that the `ledger` test compiles your file against: lesson
//! 06's own `Journal` (`src/journal.rs`), which also records every append with the
//! task that made it, on tokio's clock, for a failure to draw. Appends that overlap
//! on the drawing are adds that were between their read and their store at once.

use kit::timeline::{ABANDONED, Span, Timeline};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use tokio::task::Id;
use tokio::time::Instant;

/// `lesson_06::journal::Journal`, recorded.
#[derive(Debug)]
pub struct Journal {
    real: lesson_06::journal::Journal,
    /// Each task's row (`None`: the test's own future, not a spawned task).
    rows: Mutex<HashMap<Option<Id>, String>>,
    timeline: Timeline,
    /// Time zero of the spans, on tokio's clock (paused in the tests).
    origin: Instant,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            real: lesson_06::journal::Journal::new(),
            rows: Mutex::default(),
            timeline: Timeline::new(),
            origin: Instant::now(),
        }
    }
}

impl Journal {
    pub fn new() -> Journal {
        Journal::default()
    }

    pub async fn append(&self, total: u64) {
        let mut append = Append {
            journal: self,
            row: self.row(),
            total,
            start: Instant::now(),
            kind: ABANDONED,
        };
        self.real.append(total).await;
        append.kind = "appended";
    }

    pub fn entries(&self) -> Vec<u64> {
        self.real.entries()
    }

    pub fn in_flight(&self) -> usize {
        self.real.in_flight()
    }

    /// Every append so far, a row per task.
    pub fn spans(&self) -> Vec<Span> {
        self.timeline.spans()
    }

    /// The calling task's row, numbered in the order tasks first append.
    fn row(&self) -> String {
        let mut rows = self.rows();
        let number = rows.len() + 1;
        rows.entry(tokio::task::try_id())
            .or_insert_with_key(|id| match id {
                Some(_) => format!("task {number}"),
                None => "the test itself".to_owned(),
            })
            .clone()
    }

    fn rows(&self) -> MutexGuard<'_, HashMap<Option<Id>, String>> {
        // Each change is one insert: a panic cannot leave half of one.
        self.rows.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One append, recorded when it ends or is dropped unfinished (its task aborted):
/// then it keeps the kind [`ABANDONED`].
struct Append<'a> {
    journal: &'a Journal,
    row: String,
    total: u64,
    start: Instant,
    kind: &'static str,
}

impl Drop for Append<'_> {
    fn drop(&mut self) {
        let origin = self.journal.origin;
        self.journal.timeline.record_span(Span {
            lane: std::mem::take(&mut self.row),
            label: format!("append {}", self.total),
            kind: self.kind.to_owned(),
            start: self.start - origin,
            end: Instant::now() - origin,
        });
    }
}
