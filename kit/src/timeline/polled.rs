//! A future whose polls are recorded: each poll is a span on the future's lane, from
//! when the runtime began polling it to when the poll returned, and before the first
//! poll a [`WAITING`] span from when the future was made. A poll that lasts the whole of
//! a blocking call is the picture of a blocked runtime: one long bar on one lane, and
//! the other lanes waiting until it ends.
//!
//! A future that is polled in a busy loop would record millions of polls, and the
//! drawing of them would take longer than the check: after [`MOST_POLLS`], only the
//! poll that returns `Ready` is recorded.

use super::{Lane, Running, Timeline, WAITING};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// How many polls of one future are recorded, at most, before its last.
pub const MOST_POLLS: usize = 500;

/// `future`, with every poll recorded on `timeline` in the lane named `lane`.
pub fn polled<F: Future>(timeline: &Timeline, lane: &str, future: F) -> Polled<F> {
    Polled {
        waiting: Some(timeline.begin(Lane::named(lane), "waiting")),
        timeline: timeline.clone(),
        lane: lane.to_owned(),
        polls: 0,
        future: Box::pin(future),
    }
}

/// See [`polled`].
pub struct Polled<F> {
    /// From when the future was made to its first poll.
    waiting: Option<Running>,
    timeline: Timeline,
    lane: String,
    polls: usize,
    future: Pin<Box<F>>,
}

impl<F> std::fmt::Debug for Polled<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Polled").field("lane", &self.lane).finish()
    }
}

impl<F: Future> Future for Polled<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        if let Some(waiting) = self.waiting.take() {
            waiting.end(WAITING);
        }
        self.polls += 1;
        if self.polls > MOST_POLLS {
            let started = std::time::Instant::now();
            let poll = self.future.as_mut().poll(cx);
            if poll.is_ready() {
                let start = self.timeline.offset(started);
                self.timeline.record_span(super::Span {
                    lane: self.lane.clone(),
                    label: "poll".to_owned(),
                    kind: "ready".to_owned(),
                    start,
                    end: self.timeline.origin().elapsed(),
                });
            }
            return poll;
        }
        let span = self.timeline.begin(Lane::named(self.lane.clone()), "poll");
        let poll = self.future.as_mut().poll(cx);
        span.end(if poll.is_ready() { "ready" } else { "pending" });
        poll
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    #[test]
    fn every_poll_is_a_span() {
        let timeline = Timeline::new();
        let mut polls = 0;
        let mut future = polled(
            &timeline,
            "your task",
            std::future::poll_fn(|_| {
                polls += 1;
                if polls < 3 {
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            }),
        );
        let mut cx = Context::from_waker(Waker::noop());
        while Pin::new(&mut future).poll(&mut cx).is_pending() {}
        let kinds: Vec<String> = timeline.spans().into_iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [WAITING, "pending", "pending", "ready"]);
    }

    #[test]
    fn a_busy_loop_records_its_first_polls_and_its_last() {
        let timeline = Timeline::new();
        let mut polls = 0;
        let mut future = polled(
            &timeline,
            "your task",
            std::future::poll_fn(|_| {
                polls += 1;
                if polls < 10 * MOST_POLLS {
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            }),
        );
        let mut cx = Context::from_waker(Waker::noop());
        while Pin::new(&mut future).poll(&mut cx).is_pending() {}
        let spans = timeline.spans();
        assert_eq!(spans.len(), 1 + MOST_POLLS + 1);
        assert_eq!(spans.last().map(|s| s.kind.as_str()), Some("ready"));
    }
}
