//! The page cache's calls, watched from the inside: the test's own `read` and `render`
//! closures note when your code calls them and when it gets them back, so a failure
//! can draw, for each call, how long it took to get in and whether it ever came out.
//!
//! Your code runs `read` while it holds the lock that lets it borrow the page, and
//! `render` while it holds whatever it holds then (nothing, if all is well). So the
//! drawing shows the holds as the callers felt them: two `read`s side by side are two
//! readers inside at once, and a call that waits while a `render` runs waited for a
//! lock that the render kept.

use kit::timeline::{ABANDONED, Span, Timeline, WAITING};
use lesson_06::page_cache::PageCache;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The calls of one check, each on its own row. Clones share the record.
#[derive(Debug, Clone, Default)]
pub struct Calls {
    timeline: Timeline,
    /// Each row's part now going on, and since when.
    open: Arc<Mutex<HashMap<String, Part>>>,
}

#[derive(Debug, Clone, Copy)]
struct Part {
    since: Duration,
    /// [`WAITING`] in your code, or the closure now running (`"read"`, `"render"`).
    kind: &'static str,
}

impl Calls {
    /// `cache.with_page(url, read)`, drawn on the row `row`.
    pub fn with_page<R>(
        &self,
        cache: &PageCache,
        row: &str,
        url: &str,
        read: impl FnOnce(&str) -> R,
    ) -> Option<R> {
        self.next(row, WAITING);
        let seen = cache.with_page(url, |page| self.inside(row, "read", || read(page)));
        self.end(row);
        seen
    }

    /// `cache.get_or_render(url, render)`, drawn on the row `row`.
    pub fn get_or_render(
        &self,
        cache: &PageCache,
        row: &str,
        url: &str,
        render: impl FnOnce(&str) -> String,
    ) -> String {
        self.next(row, WAITING);
        let page = cache.get_or_render(url, |url| self.inside(row, "render", || render(url)));
        self.end(row);
        page
    }

    /// Every part of every call so far. A part still going on is drawn up to now: a
    /// closure still running as running, a call still in your code as `xxx`, never
    /// come back.
    pub fn spans(&self) -> Vec<Span> {
        let now = self.now();
        let open: Vec<(String, Part)> = self
            .open()
            .iter()
            .map(|(row, part)| (row.clone(), *part))
            .collect();
        let mut spans = self.timeline.spans();
        for (row, part) in open {
            let kind = match part.kind {
                WAITING => ABANDONED,
                running => running,
            };
            spans.push(span(row, part.since, now, kind));
        }
        spans
    }

    fn inside<T>(&self, row: &str, closure: &'static str, run: impl FnOnce() -> T) -> T {
        self.next(row, closure);
        let value = run();
        self.next(row, WAITING);
        value
    }

    /// Ends the row's current part, if any, and begins `kind`.
    fn next(&self, row: &str, kind: &'static str) {
        let since = self.now();
        let ended = self.open().insert(row.to_owned(), Part { since, kind });
        self.record(row, ended, since);
    }

    fn end(&self, row: &str) {
        let now = self.now();
        let ended = self.open().remove(row);
        self.record(row, ended, now);
    }

    fn record(&self, row: &str, part: Option<Part>, end: Duration) {
        if let Some(part) = part {
            self.timeline
                .record_span(span(row.to_owned(), part.since, end, part.kind));
        }
    }

    fn now(&self) -> Duration {
        self.timeline.origin().elapsed()
    }

    fn open(&self) -> MutexGuard<'_, HashMap<String, Part>> {
        // Every change is one insert or remove: a panic cannot leave half of one.
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
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
