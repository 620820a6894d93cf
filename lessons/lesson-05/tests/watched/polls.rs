//! A future whose polls and wake-ups are recorded, so that the `block_on` checks can
//! draw how your executor ran it: each poll, each wake-up, the waits between them, a
//! poll that no wake-up asked for (busy-polling) and a wait that no poll ever ended
//! (a lost wake-up).
//!
//! At every poll the executor's waker is wrapped in one that notes the wake-up and
//! then wakes the executor's own: your `block_on` sees nothing different.

use kit::timeline::{ABANDONED, Span, Timeline, WAITING};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

/// The first poll, the polls that came after a wake-up, and the waits in between.
const POLLS: &str = "polls";
/// Polls with no wake-up since the poll before.
const UNWOKEN: &str = "polls nobody woke";
/// Each wake-up, as a mark.
const WAKE_UPS: &str = "wake-ups";

/// How many polls without a wake-up are drawn in one wait. A busy loop makes thousands
/// of them; the first few show the shape, and recording stays cheap.
const UNWOKEN_DRAWN: usize = 8;

/// `future`, recorded, and the record to draw.
pub fn watched<F: Future>(future: F) -> (Watched<F>, Arc<Run>) {
    let run = Arc::new(Run::default());
    let watched = Watched {
        future: Box::pin(future),
        run: Arc::clone(&run),
    };
    (watched, run)
}

/// See [`watched`].
pub struct Watched<F> {
    future: Pin<Box<F>>,
    run: Arc<Run>,
}

/// What happened to a watched future, on the real clock.
#[derive(Debug, Default)]
pub struct Run {
    timeline: Timeline,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    polled: bool,
    /// A wake-up came since the last poll began.
    woken: bool,
    /// Since the last `Pending`, until the next poll that a wake-up asked for.
    waiting_since: Option<Duration>,
    /// Polls without a wake-up in the current wait.
    unwoken: usize,
}

impl Run {
    /// Every poll, wait and wake-up so far; a wait still going on is drawn up to now,
    /// as never ended.
    pub fn spans(&self) -> Vec<Span> {
        let waiting = self.state().waiting_since;
        let mut spans = self.timeline.spans();
        if let Some(since) = waiting {
            spans.push(span(POLLS, since, self.now(), ABANDONED));
        }
        spans
    }

    fn now(&self) -> Duration {
        self.timeline.origin().elapsed()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every change is a single assignment: a panic cannot leave it half made.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(&self, lane: &str, start: Duration, end: Duration, kind: &str) {
        self.timeline.record_span(span(lane, start, end, kind));
    }

    fn woken(&self) {
        let now = self.now();
        self.state().woken = true;
        self.record(WAKE_UPS, now, now, "wake-up");
    }
}

fn span(lane: &str, start: Duration, end: Duration, kind: &str) -> Span {
    Span {
        lane: lane.to_owned(),
        label: kind.to_owned(),
        kind: kind.to_owned(),
        start,
        end,
    }
}

/// The waker a watched future is polled with: notes the wake-up, then passes it on.
struct Noted {
    run: Arc<Run>,
    inner: Waker,
}

impl Wake for Noted {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.run.woken();
        self.inner.wake_by_ref();
    }
}

impl<F: Future> Future for Watched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let run = Arc::clone(&self.run);
        let start = run.now();
        let (asked, unwoken) = {
            let mut state = run.state();
            let asked = !state.polled || state.woken;
            state.polled = true;
            state.woken = false;
            state.unwoken = if asked { 0 } else { state.unwoken + 1 };
            (asked, state.unwoken)
        };
        let waker = Waker::from(Arc::new(Noted {
            run: Arc::clone(&run),
            inner: cx.waker().clone(),
        }));
        let poll = self.future.as_mut().poll(&mut Context::from_waker(&waker));
        let end = run.now();

        // A wait ends at the first poll a wake-up asked for, or at any poll that
        // finds the future ready.
        let ended = {
            let mut state = run.state();
            let ended = if asked || poll.is_ready() {
                state.waiting_since.take()
            } else {
                None
            };
            if asked && poll.is_pending() {
                state.waiting_since = Some(end);
            }
            ended
        };
        if let Some(since) = ended {
            run.record(POLLS, since, start, WAITING);
        }
        let kind = if poll.is_ready() { "ready" } else { "pending" };
        if asked {
            run.record(POLLS, start, end, kind);
        } else if unwoken <= UNWOKEN_DRAWN {
            run.record(UNWOKEN, start, end, kind);
        }
        poll
    }
}
