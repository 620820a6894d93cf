//! A wait of the test's, inside the work, drawn beside the work's other spans.
//!
//! A wait that is met is drawn on the work's own row, `...`. One that gives up is
//! drawn `xxx` on a row of its own, named for what never came ("no turn for another
//! task"): on a drawing in order of events a wait during which nothing else happened
//! is one step wide however long it took, but a row that should not be there shows
//! whatever its width.

use kit::timeline::{ABANDONED, Span, Timeline, WAITING};
use std::time::Duration;

/// A wait begun with [`Wait::begin`]: [`Wait::met`] when what it waits for happens;
/// dropped without that (a check that returns early), it is drawn as given up.
#[derive(Debug)]
#[must_use = "a wait is drawn when it is met or dropped"]
pub struct Wait {
    timeline: Timeline,
    row: String,
    gave_up: &'static str,
    label: &'static str,
    start: Duration,
    met: bool,
}

impl Wait {
    /// Begins a wait for `label` on the work's `row`; given up, it goes on the row
    /// `gave_up`.
    pub fn begin(
        timeline: &Timeline,
        row: &str,
        label: &'static str,
        gave_up: &'static str,
    ) -> Wait {
        Wait {
            timeline: timeline.clone(),
            row: row.to_owned(),
            gave_up,
            label,
            start: timeline.origin().elapsed(),
            met: false,
        }
    }

    /// What it waited for happened.
    pub fn met(mut self) {
        self.met = true;
    }
}

impl Drop for Wait {
    fn drop(&mut self) {
        let (lane, kind) = if self.met {
            (std::mem::take(&mut self.row), WAITING)
        } else {
            (self.gave_up.to_owned(), ABANDONED)
        };
        self.timeline.record_span(Span {
            lane,
            label: self.label.to_owned(),
            kind: kind.to_owned(),
            start: self.start,
            end: self.timeline.origin().elapsed(),
        });
    }
}
