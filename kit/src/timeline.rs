//! Timelines of who ran when, recorded from real runs and drawn as SVG.
//!
//! The talks draw these by hand: one row per worker, a bar for each request, time
//! running left to right. This module draws them from what a program really did.
//!
//! - A [`Timeline`] collects [`Span`]s: on which *lane* (a thread, a task, a
//!   process), with what label and *kind* (a status, say), from when to when. Times
//!   are offsets from the timeline's origin, so every lane shares one clock. It is
//!   cheap to clone and safe to use from any thread or task.
//! - [`Timeline::begin`] starts a span and gives back a [`Running`] guard;
//!   [`Running::end`] records it with its kind. A guard dropped without `end` (a `?`
//!   that returned early, a panic) records the span as [`ABANDONED`], so failures
//!   show on the drawing too.
//! - Code deep inside a program (an HTTP helper, say) should not need a timeline
//!   passed down to it. [`Timeline::install`] makes one the process's *current*
//!   timeline, and the free function [`begin`] records on it. When nothing is
//!   installed, [`begin`] does nothing, so instrumented code costs next to nothing in
//!   tests and ordinary runs.
//! - [`Chart`] draws spans as an SVG picture: one lane per row, a bar per span,
//!   coloured by kind, with a time axis in seconds, a title and a legend.
//! - [`text`] draws them in 80 columns of plain text, for a failing check's message.
//! - A program that runs copies of itself can gather its children's spans on its own
//!   timeline: see [`child`].
//!
//! ```
//! use kit::timeline::{Chart, Lane, Timeline};
//!
//! let timeline = Timeline::new();
//! let span = timeline.begin(Lane::named("main"), "/status/200");
//! // ... the work the span times ...
//! span.end(200);
//! let svg = Chart::new("One request").svg(&timeline.spans());
//! assert!(svg.starts_with("<svg"));
//! ```

pub mod child;
mod polled;
mod svg;
pub mod text;

pub use polled::{Polled, polled};
pub use svg::Chart;

use std::collections::HashMap;
use std::fmt::{self, Debug};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant, SystemTime};

/// The kind a span gets when its [`Running`] guard is dropped without [`Running::end`]:
/// the work it timed returned early with an error, or panicked.
pub const ABANDONED: &str = "error";

/// The kind of a span that shows something waiting for its turn (drawn dotted in text):
/// a task from its spawn to its first poll, for one.
pub const WAITING: &str = "waiting";

/// One piece of work, drawn as one bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The row it is drawn on: `"thread 3"`, `"task 12"`, `"process 2"`.
    pub lane: String,
    /// What the work was, e.g. the path it fetched.
    pub label: String,
    /// What decides its colour, e.g. the status it ended with.
    pub kind: String,
    /// When it started, counted from the timeline's origin.
    pub start: Duration,
    /// When it ended, counted from the timeline's origin.
    pub end: Duration,
}

/// The spans of several timelines on one clock (the earliest origin's), each lane
/// named after its timeline: `("host A", &a)` turns `connection 1` into
/// `host A: connection 1`. For runs recorded by two servers, say, drawn as one.
pub fn merged(timelines: &[(&str, &Timeline)]) -> Vec<Span> {
    let Some(origin) = timelines
        .iter()
        .map(|(_, timeline)| timeline.origin())
        .min()
    else {
        return Vec::new();
    };
    let mut spans: Vec<Span> = timelines
        .iter()
        .flat_map(|(name, timeline)| {
            let shift = timeline.origin() - origin;
            timeline.spans().into_iter().map(move |span| Span {
                lane: format!("{name}: {}", span.lane),
                start: span.start + shift,
                end: span.end + shift,
                ..span
            })
        })
        .collect();
    spans.sort_by_key(|span| span.end);
    spans
}

/// Which lane a span goes on, given when the span begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lane {
    /// The thread that begins the span: its name if it has one (`"main"`), otherwise
    /// `"thread N"`, numbered per timeline in the order threads first begin a span.
    ThisThread,
    /// `"PREFIX N"`, where N numbers the distinct keys with this prefix in the order
    /// they first begin a span: `Lane::numbered("task", tokio::task::id())` gives
    /// `"task 1"`, `"task 2"`, ... however large the ids themselves are.
    Numbered { prefix: String, key: String },
    /// A lane with exactly this name.
    Named(String),
}

impl Lane {
    /// The current thread's lane. See [`Lane::ThisThread`].
    pub fn this_thread() -> Lane {
        Lane::ThisThread
    }

    /// A numbered lane. `key` tells the lanes apart (its `Debug` text is compared);
    /// the name shows only the number. See [`Lane::Numbered`].
    pub fn numbered(prefix: &str, key: impl Debug) -> Lane {
        Lane::Numbered {
            prefix: prefix.to_owned(),
            key: format!("{key:?}"),
        }
    }

    /// A lane with this name.
    pub fn named(name: impl Into<String>) -> Lane {
        Lane::Named(name.into())
    }
}

/// Spans recorded against one clock. Clones share the same spans.
#[derive(Clone)]
pub struct Timeline {
    shared: Arc<Shared>,
}

struct Shared {
    /// Time zero of every span.
    origin: Instant,
    /// The same moment on the wall clock, which other processes can read too.
    origin_wall: SystemTime,
    record: Mutex<Record>,
}

#[derive(Default)]
struct Record {
    /// Lane names, in the order they first began a span: the order they are drawn.
    lanes: Vec<String>,
    /// The name given to each (prefix, key) of a numbered lane or unnamed thread.
    numbers: HashMap<(String, String), String>,
    /// How many numbered lanes each prefix has handed out.
    counters: HashMap<String, usize>,
    spans: Vec<Span>,
}

impl Record {
    fn lane_name(&mut self, lane: Lane) -> String {
        let name = match lane {
            Lane::Named(name) => name,
            Lane::ThisThread => {
                let thread = thread::current();
                match thread.name() {
                    Some(name) => name.to_owned(),
                    None => self.number("thread", thread_key(thread.id())),
                }
            }
            Lane::Numbered { prefix, key } => self.number(&prefix, key),
        };
        self.see(&name);
        name
    }

    fn number(&mut self, prefix: &str, key: String) -> String {
        let slot = (prefix.to_owned(), key);
        if let Some(name) = self.numbers.get(&slot) {
            return name.clone();
        }
        let counter = self.counters.entry(prefix.to_owned()).or_insert(0);
        *counter += 1;
        let name = format!("{prefix} {counter}");
        self.numbers.insert(slot, name.clone());
        name
    }

    fn see(&mut self, lane: &str) {
        if !self.lanes.iter().any(|seen| seen == lane) {
            self.lanes.push(lane.to_owned());
        }
    }
}

fn thread_key(id: ThreadId) -> String {
    format!("{id:?}")
}

impl Timeline {
    /// An empty timeline whose origin is now.
    pub fn new() -> Timeline {
        Timeline::starting_at(Instant::now(), SystemTime::now())
    }

    fn starting_at(origin: Instant, origin_wall: SystemTime) -> Timeline {
        Timeline {
            shared: Arc::new(Shared {
                origin,
                origin_wall,
                record: Mutex::new(Record::default()),
            }),
        }
    }

    /// Time zero of every span on this timeline.
    pub fn origin(&self) -> Instant {
        self.shared.origin
    }

    /// Starts a span on `lane` now. The lane is settled here, on the thread or task
    /// that begins the span, so lanes are numbered in the order work began.
    pub fn begin(&self, lane: Lane, label: impl Into<String>) -> Running {
        let lane = self.record().lane_name(lane);
        Running {
            timeline: Some(self.clone()),
            lane,
            label: label.into(),
            start: Instant::now(),
            kind: None,
        }
    }

    /// Adds a span measured some other way (in another process, say). Its lane is
    /// drawn after the lanes already seen, if it is new.
    pub fn record_span(&self, span: Span) {
        let mut record = self.record();
        record.see(&span.lane);
        record.spans.push(span);
    }

    /// Every span recorded so far, lane by lane in the order the lanes first began a
    /// span, and by start time within a lane: ready for [`Chart::svg`].
    pub fn spans(&self) -> Vec<Span> {
        let record = self.record();
        let mut spans = record.spans.clone();
        let position = |lane: &str| record.lanes.iter().position(|seen| seen == lane);
        // A stable sort: spans that start together keep the order they were recorded in.
        spans.sort_by_key(|span| (position(&span.lane), span.start));
        spans
    }

    /// Makes this the process's current timeline, for the free function [`begin`],
    /// until the returned guard is dropped (which puts back the one before, if any).
    pub fn install(&self) -> Installed {
        let mut current = CURRENT.write().unwrap_or_else(PoisonError::into_inner);
        let previous = current.replace(self.clone());
        Installed { previous }
    }

    fn record(&self) -> MutexGuard<'_, Record> {
        // A panic while holding the lock cannot leave a half-made record behind (every
        // change is one push or insert), so a poisoned lock is still good to use.
        self.shared
            .record
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn offset(&self, instant: Instant) -> Duration {
        instant.saturating_duration_since(self.shared.origin)
    }
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline::new()
    }
}

impl Debug for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let record = self.record();
        f.debug_struct("Timeline")
            .field("lanes", &record.lanes.len())
            .field("spans", &record.spans.len())
            .finish()
    }
}

/// A span that has begun and not yet ended. See [`Timeline::begin`] and [`begin`].
#[derive(Debug)]
#[must_use = "a span is recorded when it ends: keep it until the work is done, then call `end`"]
pub struct Running {
    /// `None` when nothing was recording: then the span is never recorded.
    timeline: Option<Timeline>,
    lane: String,
    label: String,
    start: Instant,
    kind: Option<String>,
}

impl Running {
    /// Ends the span now and records it with `kind` (a status code, `"ok"`, ...).
    pub fn end(mut self, kind: impl ToString) {
        self.kind = Some(kind.to_string());
        // Dropping records it.
    }

    /// Ends the span now with `kind` and begins the next one on the same lane at the
    /// same instant, labelled `label`: a wait and then the work it waited for, or a
    /// task's turns, drawn as bars that touch, with no gap that did not happen.
    pub fn then(mut self, kind: impl ToString, label: impl Into<String>) -> Running {
        let now = Instant::now();
        let next = Running {
            timeline: self.timeline.clone(),
            lane: self.lane.clone(),
            label: label.into(),
            start: now,
            kind: None,
        };
        self.kind = Some(kind.to_string());
        self.record(now);
        next
    }

    /// Records the span as ending at `end`, once.
    fn record(&mut self, end: Instant) {
        let Some(timeline) = self.timeline.take() else {
            return;
        };
        let span = Span {
            lane: std::mem::take(&mut self.lane),
            label: std::mem::take(&mut self.label),
            kind: self.kind.take().unwrap_or_else(|| ABANDONED.to_owned()),
            start: timeline.offset(self.start),
            end: timeline.offset(end),
        };
        timeline.record().spans.push(span);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.record(Instant::now());
    }
}

/// The process's current timeline; see [`Timeline::install`].
static CURRENT: RwLock<Option<Timeline>> = RwLock::new(None);

/// Keeps a timeline installed; see [`Timeline::install`].
#[derive(Debug)]
#[must_use = "the timeline is uninstalled when this guard is dropped"]
pub struct Installed {
    previous: Option<Timeline>,
}

impl Drop for Installed {
    fn drop(&mut self) {
        *CURRENT.write().unwrap_or_else(PoisonError::into_inner) = self.previous.take();
    }
}

/// The timeline installed with [`Timeline::install`], if any.
pub fn current() -> Option<Timeline> {
    CURRENT
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

/// Begins a span on the current timeline; when none is installed, the span is
/// never recorded, and this costs one uncontended read of a lock.
///
/// This is what instrumented helpers call:
///
/// ```
/// use kit::timeline::{self, Lane};
///
/// fn fetch(path: &str) -> Result<u16, String> {
///     let span = timeline::begin(Lane::this_thread(), path);
///     let status = 200; // ... the real request ...
///     span.end(status);
///     Ok(status)
/// }
/// # fetch("/status/200").unwrap();
/// ```
pub fn begin(lane: Lane, label: impl Into<String>) -> Running {
    match current() {
        Some(timeline) => timeline.begin(lane, label),
        None => Running {
            timeline: None,
            lane: String::new(),
            label: String::new(),
            start: Instant::now(),
            kind: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            lane: lane.to_owned(),
            label: format!("{lane} at {start_ms}"),
            kind: "200".to_owned(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
        }
    }

    #[test]
    fn a_span_is_recorded_with_its_lane_label_and_kind() {
        let timeline = Timeline::new();
        timeline.begin(Lane::named("main"), "/status/404").end(404);
        let spans = timeline.spans();
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].lane, "main");
        assert_eq!(spans[0].label, "/status/404");
        assert_eq!(spans[0].kind, "404");
        assert!(spans[0].start <= spans[0].end);
    }

    #[test]
    fn a_span_dropped_without_end_is_abandoned() {
        let timeline = Timeline::new();
        let fails = || -> Result<(), ()> {
            let _span = timeline.begin(Lane::named("main"), "/status/200");
            Err(())
        };
        assert!(fails().is_err());
        assert_eq!(timeline.spans()[0].kind, ABANDONED);
    }

    #[test]
    fn then_begins_the_next_span_where_the_last_ended() {
        let timeline = Timeline::new();
        let waiting = timeline.begin(Lane::named("task 1"), "queued");
        let running = waiting.then(WAITING, "step");
        drop(running);
        let spans = timeline.spans();
        assert_eq!(spans.len(), 2);
        assert_eq!(
            (spans[0].label.as_str(), spans[0].kind.as_str()),
            ("queued", WAITING)
        );
        assert_eq!(
            (spans[1].label.as_str(), spans[1].kind.as_str()),
            ("step", ABANDONED)
        );
        assert_eq!(spans[0].end, spans[1].start);
        assert!(spans.iter().all(|span| span.lane == "task 1"));
    }

    #[test]
    fn threads_are_numbered_in_the_order_they_begin() {
        let timeline = Timeline::new();
        // One thread at a time, so the order is known.
        for _ in 0..3 {
            let timeline = timeline.clone();
            thread::spawn(move || timeline.begin(Lane::this_thread(), "work").end("ok"))
                .join()
                .unwrap();
        }
        let named = thread::Builder::new().name("main-ish".into());
        let other = timeline.clone();
        named
            .spawn(move || other.begin(Lane::this_thread(), "work").end("ok"))
            .unwrap()
            .join()
            .unwrap();
        let lanes: Vec<String> = timeline.spans().into_iter().map(|s| s.lane).collect();
        assert_eq!(lanes, ["thread 1", "thread 2", "thread 3", "main-ish"]);
    }

    #[test]
    fn the_same_key_stays_on_its_lane() {
        let timeline = Timeline::new();
        for key in [7, 40, 7, 3] {
            timeline.begin(Lane::numbered("task", key), "x").end("ok");
        }
        let lanes: Vec<String> = timeline.spans().into_iter().map(|s| s.lane).collect();
        assert_eq!(lanes, ["task 1", "task 1", "task 2", "task 3"]);
    }

    #[test]
    fn spans_come_lane_by_lane_then_by_start() {
        let timeline = Timeline::new();
        for (lane, start, end) in [("b", 5, 6), ("a", 3, 4), ("b", 1, 2), ("a", 0, 1)] {
            timeline.record_span(span(lane, start, end));
        }
        let order: Vec<(String, u128)> = timeline
            .spans()
            .into_iter()
            .map(|s| (s.lane, s.start.as_millis()))
            .collect();
        let expected = [("b", 1), ("b", 5), ("a", 0), ("a", 3)];
        let expected: Vec<(String, u128)> = expected
            .into_iter()
            .map(|(lane, start)| (lane.to_owned(), start))
            .collect();
        assert_eq!(order, expected);
    }

    #[test]
    fn recording_from_many_threads_loses_nothing() {
        let timeline = Timeline::new();
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..100 {
                        timeline.begin(Lane::this_thread(), "work").end("ok");
                    }
                });
            }
        });
        let spans = timeline.spans();
        assert_eq!(spans.len(), 800);
        let mut lanes: Vec<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
        lanes.dedup();
        assert_eq!(
            lanes.len(),
            8,
            "one lane per thread, each lane's spans together"
        );
    }

    // The only test that touches the process-wide current timeline, so tests running
    // in parallel cannot see each other's.
    #[test]
    fn the_free_begin_records_on_the_installed_timeline_only() {
        begin(Lane::named("nobody"), "before").end("ok");
        let outer = Timeline::new();
        let inner = Timeline::new();
        {
            let _outer = outer.install();
            begin(Lane::named("main"), "outer").end("ok");
            {
                let _inner = inner.install();
                begin(Lane::named("main"), "inner").end("ok");
            }
            begin(Lane::named("main"), "outer again").end("ok");
        }
        begin(Lane::named("nobody"), "after").end("ok");
        assert!(current().is_none());
        let labels =
            |t: &Timeline| -> Vec<String> { t.spans().into_iter().map(|s| s.label).collect() };
        assert_eq!(labels(&outer), ["outer", "outer again"]);
        assert_eq!(labels(&inner), ["inner"]);
    }
}
