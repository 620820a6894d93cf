//! loom's `AtomicUsize`, watched: every operation the exercise makes on one is recorded,
//! so that when loom finds an order of events that breaks a check, the failure can draw
//! that order, a row per loom thread.
//!
//! An operation that reads and writes in one indivisible step (`fetch_add`, `swap`,
//! `compare_exchange`, ...) is one short bar. A `load` begins a bar that goes on until
//! the same thread next writes the same atomic: the window between reading a value and
//! acting on it. If another thread changed the value in that window, the bar is drawn
//! `xxx`: the write acted on a value that was out of date. loom finds that two ways: the
//! other thread's write comes in between (two bars at once), or, with `Relaxed` loads,
//! the load returns an older value than the latest write (the bars need not overlap).
//!
//! loom runs all the threads of a model on the OS thread that called `loom::model`, one
//! at a time, so the record is kept in that thread's thread-local storage: tests that
//! run in parallel, each in its own model, never see each other's.

use kit::timeline::{ABANDONED, Span, Timeline};
use loom::sync::atomic;
use loom::thread::ThreadId;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Duration;

thread_local! {
    /// The run of the model that loom is exploring now.
    static RUN: RefCell<Option<Run>> = const { RefCell::new(None) };
}

/// Starts the record of a new run of the model: call it first in the closure given to
/// `loom::model`. The loom thread that calls it is drawn as the main thread.
pub fn start_run() {
    let run = Run {
        timeline: Timeline::new(),
        main: loom::thread::current().id(),
        last: Duration::ZERO,
        values: HashMap::new(),
        reads: HashMap::new(),
    };
    RUN.set(Some(run));
}

/// The operations recorded so far in this run (or in the last run, once the model has
/// returned): a row per loom thread.
pub fn spans() -> Vec<Span> {
    RUN.with_borrow(|run| run.as_ref().map(Run::spans).unwrap_or_default())
}

struct Run {
    timeline: Timeline,
    main: ThreadId,
    /// When the latest operation of any thread had taken effect. loom runs one thread
    /// at a time, so the next operation took effect between then and its return.
    last: Duration,
    /// Atomic -> every value it has held, in the order they were written.
    values: HashMap<usize, Vec<usize>>,
    /// (thread, atomic) -> a `load` that thread has not yet acted on: the span of the
    /// read alone, and which of the atomic's values it read.
    reads: HashMap<(ThreadId, usize), (Span, usize)>,
}

/// What an operation did to its atomic.
#[derive(Clone, Copy)]
enum Effect {
    /// It read this value.
    Read(usize),
    /// It wrote this value (a store, or a read-modify-write).
    Wrote(usize),
    /// It tried to write and did not: a `compare_exchange` that found another value.
    Failed,
}

impl Run {
    fn record(&mut self, atomic: usize, initial: usize, operation: &str, effect: Effect) {
        let now = self.timeline.origin().elapsed();
        let thread = loom::thread::current().id();
        let lane = if thread == self.main {
            "main thread"
        } else {
            "spawned thread"
        };
        let step = Span {
            lane: lane.to_owned(),
            label: operation.to_owned(),
            kind: "one step".to_owned(),
            start: self.last,
            end: now,
        };
        self.last = now;
        let values = self.values.entry(atomic).or_insert_with(|| vec![initial]);
        let latest = values.len() - 1;
        let key = (thread, atomic);
        match effect {
            Effect::Read(value) => {
                // A `Relaxed` load may return an older value than the latest: the last
                // time the atomic held it.
                let read = if values[latest] == value {
                    latest
                } else {
                    values.iter().rposition(|&v| v == value).unwrap_or(latest)
                };
                // A second load before any write: the window opened at the first.
                self.reads.entry(key).or_insert((step, read));
            }
            Effect::Wrote(_) | Effect::Failed => {
                let span = match self.reads.remove(&key) {
                    Some((read, version)) => Span {
                        label: format!("{} then {operation}", read.label),
                        kind: if version == latest {
                            "read, then wrote".to_owned()
                        } else {
                            ABANDONED.to_owned()
                        },
                        end: now,
                        ..read
                    },
                    None => step,
                };
                self.timeline.record_span(span);
                if let Effect::Wrote(value) = effect {
                    values.push(value);
                }
            }
        }
    }

    /// Every operation, the reads that no write followed drawn as the read alone.
    fn spans(&self) -> Vec<Span> {
        let mut spans = self.timeline.spans();
        spans.extend(self.reads.values().map(|(read, _)| read.clone()));
        spans.sort_by_key(|span| span.start);
        spans
    }
}

/// `loom::sync::atomic::AtomicUsize`, with the same methods, each recorded once it has
/// returned: loom may switch threads before an operation takes effect, never after.
/// (`#[track_caller]` passes the exercise's line on to loom, for its messages.)
#[derive(Debug)]
pub struct AtomicUsize {
    inner: atomic::AtomicUsize,
    /// The value it was made with: the first of the values the record knows it held.
    initial: usize,
}

impl AtomicUsize {
    #[track_caller]
    pub fn new(value: usize) -> AtomicUsize {
        AtomicUsize {
            inner: atomic::AtomicUsize::new(value),
            initial: value,
        }
    }

    fn note(&self, operation: &str, effect: Effect) {
        // Its address tells the atomics apart: it stays put while threads share it.
        let atomic = self as *const AtomicUsize as usize;
        RUN.with_borrow_mut(|run| {
            if let Some(run) = run {
                run.record(atomic, self.initial, operation, effect);
            }
        });
    }

    /// Notes a read-modify-write that found `old` and wrote `new`.
    fn noted(&self, operation: &str, old: usize, new: usize) -> usize {
        self.note(operation, Effect::Wrote(new));
        old
    }

    /// Notes a compare-and-exchange, which writes only when it succeeds.
    fn noted_exchange(
        &self,
        operation: &str,
        new: usize,
        result: Result<usize, usize>,
    ) -> Result<usize, usize> {
        let effect = match result {
            Ok(_) => Effect::Wrote(new),
            Err(_) => Effect::Failed,
        };
        self.note(operation, effect);
        result
    }

    #[track_caller]
    pub fn into_inner(self) -> usize {
        self.inner.into_inner()
    }

    #[track_caller]
    pub fn load(&self, order: Ordering) -> usize {
        let value = self.inner.load(order);
        self.note("load", Effect::Read(value));
        value
    }

    #[track_caller]
    pub fn store(&self, value: usize, order: Ordering) {
        self.inner.store(value, order);
        self.note("store", Effect::Wrote(value));
    }

    #[track_caller]
    pub fn swap(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.swap(value, order);
        self.noted("swap", old, value)
    }

    #[track_caller]
    pub fn compare_exchange(
        &self,
        current: usize,
        new: usize,
        success: Ordering,
        failure: Ordering,
    ) -> Result<usize, usize> {
        let result = self.inner.compare_exchange(current, new, success, failure);
        self.noted_exchange("compare_exchange", new, result)
    }

    #[track_caller]
    pub fn compare_exchange_weak(
        &self,
        current: usize,
        new: usize,
        success: Ordering,
        failure: Ordering,
    ) -> Result<usize, usize> {
        let result = self
            .inner
            .compare_exchange_weak(current, new, success, failure);
        self.noted_exchange("compare_exchange_weak", new, result)
    }

    #[track_caller]
    pub fn fetch_update<F>(
        &self,
        set_order: Ordering,
        fetch_order: Ordering,
        mut f: F,
    ) -> Result<usize, usize>
    where
        F: FnMut(usize) -> Option<usize>,
    {
        // `f` may be called more than once; what it last returned is what was written.
        let mut new = None;
        let result = self.inner.fetch_update(set_order, fetch_order, |value| {
            new = f(value);
            new
        });
        self.noted_exchange("fetch_update", new.unwrap_or_default(), result)
    }

    #[track_caller]
    pub fn fetch_add(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_add(value, order);
        self.noted("fetch_add", old, old.wrapping_add(value))
    }

    #[track_caller]
    pub fn fetch_sub(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_sub(value, order);
        self.noted("fetch_sub", old, old.wrapping_sub(value))
    }

    #[track_caller]
    pub fn fetch_max(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_max(value, order);
        self.noted("fetch_max", old, old.max(value))
    }

    #[track_caller]
    pub fn fetch_min(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_min(value, order);
        self.noted("fetch_min", old, old.min(value))
    }

    #[track_caller]
    pub fn fetch_and(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_and(value, order);
        self.noted("fetch_and", old, old & value)
    }

    #[track_caller]
    pub fn fetch_nand(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_nand(value, order);
        self.noted("fetch_nand", old, !(old & value))
    }

    #[track_caller]
    pub fn fetch_or(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_or(value, order);
        self.noted("fetch_or", old, old | value)
    }

    #[track_caller]
    pub fn fetch_xor(&self, value: usize, order: Ordering) -> usize {
        let old = self.inner.fetch_xor(value, order);
        self.noted("fetch_xor", old, old ^ value)
    }
}

impl Default for AtomicUsize {
    #[track_caller]
    fn default() -> AtomicUsize {
        AtomicUsize::new(0)
    }
}

impl From<usize> for AtomicUsize {
    #[track_caller]
    fn from(value: usize) -> AtomicUsize {
        AtomicUsize::new(value)
    }
}
