//! The loop's turns as a failing check draws them: each callback the test's handles
//! run, each timer from when it was added to when its callback ran, and the poll.
//!
//! The poll cannot be watched from outside `run_once`, but libuv's phases frame it: a
//! prepare handle runs just before it and a check handle just after, and the handlers
//! of ready sockets run inside it. [`Turns::watch`] adds such a pair to the loop (they
//! change nothing else: every-turn handles do not keep a loop alive), so the poll is
//! from the prepare handle to whatever runs next. A timer that runs between the two ran
//! after the poll, and its row says so; so does the row of a timer that never ran.

use kit::timeline::{Lane, Span, Timeline, WAITING};
use lesson_09::reactor::Loop;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

/// The row of the watchdog's wake-ups: a poll that blocked until the test woke it.
pub const WOKEN: &str = "watchdog woke the poll";

/// What the loop ran, and when. See the module's documentation.
#[derive(Debug, Default)]
pub struct Turns {
    timeline: Timeline,
    state: RefCell<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Timers added that have neither run nor been cancelled, with when they were added.
    timers: Vec<(String, Duration)>,
    /// When the poll began, while the loop is in it.
    polling_since: Option<Duration>,
    /// Whether the loop is past the poll and not yet at the check phase.
    after_the_poll: bool,
}

impl Turns {
    /// Nothing seen yet.
    pub fn new() -> Rc<Turns> {
        Rc::new(Turns::default())
    }

    /// The timeline the spans go on, for the watchdog's thread to note its wake-ups.
    pub fn timeline(&self) -> Timeline {
        self.timeline.clone()
    }

    fn now(&self) -> Duration {
        self.timeline.origin().elapsed()
    }

    /// Adds a prepare and a check handle to `event_loop` that frame its poll: call it
    /// once the test's own handles are in, so that the prepare handle runs last.
    pub fn watch(self: &Rc<Self>, event_loop: &mut Loop) {
        let turns = Rc::clone(self);
        event_loop.add_prepare(move |_| {
            let mut state = turns.state.borrow_mut();
            state.polling_since = Some(turns.now());
            state.after_the_poll = true;
        });
        let turns = Rc::clone(self);
        event_loop.add_check(move |_| {
            turns.poll_ends();
            turns.state.borrow_mut().after_the_poll = false;
        });
    }

    /// Notes a timer added now, whose callback will say [`Turns::ran`] with `name`.
    pub fn timer_added(&self, name: &str) {
        let now = self.now();
        self.state.borrow_mut().timers.push((name.to_owned(), now));
    }

    /// Notes that the timer `name` was cancelled now.
    pub fn timer_cancelled(&self, name: &str) {
        if let Some(added) = self.take_timer(name) {
            self.record(name, "cancelled", WAITING, added, self.now());
        }
    }

    /// Notes that the callback `name` runs now: a timer's, if one was added with that
    /// name, and then its row says whether it ran after the poll.
    pub fn ran(&self, name: &str) {
        self.poll_ends();
        let lane = match self.take_timer(name) {
            Some(added) => {
                let lane = if self.state.borrow().after_the_poll {
                    format!("{name}, after the poll")
                } else {
                    name.to_owned()
                };
                self.record(&lane, "waiting to run", WAITING, added, self.now());
                lane
            }
            None => name.to_owned(),
        };
        self.timeline.begin(Lane::named(lane), name).end("ran");
    }

    /// Everything so far, a row per callback, timer and the poll, in the order they
    /// began; a timer that has not run yet waits to the end, on a row that says so.
    pub fn spans(&self) -> Vec<Span> {
        let now = self.now();
        let mut spans = self.timeline.spans();
        let state = self.state.borrow();
        spans.extend(state.timers.iter().map(|(name, added)| Span {
            lane: format!("{name}, never ran"),
            label: "waiting to run".to_owned(),
            kind: WAITING.to_owned(),
            start: *added,
            end: now,
        }));
        let mut began: HashMap<String, Duration> = HashMap::new();
        for span in &spans {
            let first = began.entry(span.lane.clone()).or_insert(span.start);
            *first = (*first).min(span.start);
        }
        spans.sort_by_key(|span| (began[&span.lane], span.lane.clone(), span.start));
        spans
    }

    fn take_timer(&self, name: &str) -> Option<Duration> {
        let mut state = self.state.borrow_mut();
        let at = state.timers.iter().position(|(timer, _)| timer == name)?;
        Some(state.timers.remove(at).1)
    }

    /// The poll, if the loop is in one, ends now: something else runs.
    fn poll_ends(&self) {
        let since = self.state.borrow_mut().polling_since.take();
        if let Some(since) = since {
            self.record("poll", "poll", "polled", since, self.now());
        }
    }

    fn record(&self, lane: &str, label: &str, kind: &str, start: Duration, end: Duration) {
        self.timeline.record_span(Span {
            lane: lane.to_owned(),
            label: label.to_owned(),
            kind: kind.to_owned(),
            start,
            end,
        });
    }
}
