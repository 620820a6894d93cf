//! Who is inside the spin lock: a count for the loom checks to judge, and a record of
//! each thread's wait and stay for a failure to draw.
//!
//! loom runs the model's threads one at a time and switches only at atomic operations,
//! so the wall clock would draw nothing useful. Each event here (a thread starts to
//! wait, gets in, leaves) is one step of a clock of its own instead, in the order loom
//! ran them: the drawing is the order of events of the execution that failed.

use kit::exercise::Exercise;
use kit::timeline::{ABANDONED, Span, WAITING};
use loom::sync::atomic::{AtomicUsize, Ordering};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How a failure introduces the run it draws.
const AS_LOOM_RAN_IT: &str = "as loom ran the threads, in the order of events that \
     failed (a row per thread: ... waiting in lock() or try_lock(), [=== inside the lock, \
     xxx inside, but it read the data as it was before the last holder's write)";

#[derive(Debug, Default)]
pub struct Inside {
    /// The threads between "locked" and "unlocked". Its operations are `Relaxed` on
    /// purpose. A read-modify-write always sees the latest value, so an overlap is
    /// still caught; but `Relaxed` creates no happens-before between the threads.
    /// Stronger orderings here would hand memory from one holder to the next
    /// themselves, and a lock with `Relaxed` orderings would pass the checks on the
    /// test's strength, not its own.
    count: AtomicUsize,
    /// Not loom's: recording is no step of the model, so loom never switches in it.
    record: Mutex<Record>,
}

#[derive(Debug, Default)]
struct Record {
    step: u64,
    /// Stays in the lock that have ended.
    left: usize,
    /// Each thread's wait or stay going on now.
    open: HashMap<&'static str, Open>,
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    since: Duration,
    kind: &'static str,
    /// In a stay, how many stays had ended before it began.
    left_before: usize,
}

impl Inside {
    /// `thread` starts waiting for the lock.
    pub fn waiting(&self, thread: &'static str) {
        let mut record = self.record();
        let since = record.tick();
        let open = Open {
            since,
            kind: WAITING,
            left_before: 0,
        };
        record.open.insert(thread, open);
    }

    /// `thread` got the lock; returns how many other threads were inside.
    pub fn enter(&self, thread: &'static str) -> usize {
        let others = self.count.fetch_add(1, Ordering::Relaxed);
        let mut record = self.record();
        let now = record.tick();
        record.close(thread, now, WAITING);
        let open = Open {
            since: now,
            kind: "inside",
            left_before: record.left,
        };
        record.open.insert(thread, open);
        others
    }

    /// `thread` lets go. `saw` is what its work read of the data the lock protects,
    /// if it read any: fewer than the stays that ended before it came in means it did
    /// not see their writes.
    pub fn leave(&self, thread: &'static str, saw: Option<usize>) {
        self.count.fetch_sub(1, Ordering::Relaxed);
        let mut record = self.record();
        let now = record.tick();
        let stale = record
            .open
            .get(thread)
            .zip(saw)
            .is_some_and(|(stay, saw)| saw < stay.left_before);
        record.close(thread, now, if stale { ABANDONED } else { "inside" });
        record.left += 1;
    }

    /// `thread` did not get the lock (try_lock found it taken).
    pub fn gave_up(&self, thread: &'static str) {
        let mut record = self.record();
        let now = record.tick();
        record.close(thread, now, WAITING);
    }

    /// The record so far, drawn for `exercise` only when displayed: a check can pass
    /// it along with its message at no cost in the thousands of executions that pass.
    pub fn drawing(&self, exercise: Exercise) -> impl fmt::Display + '_ {
        Drawing {
            inside: self,
            exercise,
        }
    }

    fn spans(&self) -> Vec<Span> {
        let mut record = self.record();
        let now = record.tick();
        let open: Vec<(&'static str, Open)> = record
            .open
            .iter()
            .map(|(thread, open)| (*thread, *open))
            .collect();
        let mut spans = record.spans.clone();
        spans.extend(
            open.into_iter()
                .map(|(thread, open)| span(thread, open.since, now, open.kind)),
        );
        spans
    }

    fn record(&self) -> MutexGuard<'_, Record> {
        // A failed check panics with no record borrowed: poison means nothing here.
        self.record.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Record {
    fn tick(&mut self) -> Duration {
        self.step += 1;
        Duration::from_nanos(self.step)
    }

    /// Ends `thread`'s wait or stay at `now`, drawn as `kind`.
    fn close(&mut self, thread: &'static str, now: Duration, kind: &str) {
        if let Some(open) = self.open.remove(thread) {
            self.spans.push(span(thread, open.since, now, kind));
        }
    }
}

fn span(thread: &str, start: Duration, end: Duration, kind: &str) -> Span {
    Span {
        lane: thread.to_owned(),
        label: kind.to_owned(),
        kind: kind.to_owned(),
        start,
        end,
    }
}

struct Drawing<'a> {
    inside: &'a Inside,
    exercise: Exercise,
}

impl fmt::Display for Drawing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spans = self.inside.spans();
        self.exercise.run_of(AS_LOOM_RAN_IT, spans).fmt(f)
    }
}
