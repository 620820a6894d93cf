//! The run a failing check draws: a row per thread that takes permits, from what the
//! watch sees (who looks at the count, who sleeps, who is woken) and what the test
//! tells it (who is in `acquire`, who holds a permit).
//!
//! - `...` a thread in `acquire`, waiting: looking at the count, or asleep until a
//!   release wakes it (a `[` where it falls asleep or gets up);
//! - `[===` a thread holding a permit;
//! - `xxx` a wait gone wrong: asleep while a permit lay free and nobody had been woken
//!   for it, awake in `acquire` looking at the count again and again, or an `acquire`
//!   that panicked.
//!
//! A permit is free, here, when fewer threads hold one than the semaphore has: the
//! test's own count, not the semaphore's, which is what is being checked.

use kit::timeline::{ABANDONED, Span, WAITING};
use std::collections::HashMap;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// How many looks at the count (locks of the semaphore) in one stretch awake make a
/// poller: a thread that waits on the condition variable looks once, then sleeps.
const POLLING: usize = 3;

/// What a thread on the drawing is doing now.
#[derive(Debug, Clone, Copy)]
enum Doing {
    /// In `acquire`, awake, having taken the lock `looks` times.
    Looking { since: Duration, looks: usize },
    /// In `acquire`, asleep on the condition variable as the sleeper `ticket`.
    Asleep { since: Duration, ticket: u64 },
    /// Holding a permit.
    Holding { since: Duration },
}

#[derive(Debug)]
pub struct Run {
    origin: Instant,
    /// The semaphore's permits.
    permits: usize,
    /// Permits the threads on the drawing hold now.
    held: usize,
    /// Since when more permits have been free than sleepers woken for them; `None`
    /// while there are not.
    unclaimed_since: Option<Duration>,
    /// Thread -> its row's name, and what it is doing now.
    rows: HashMap<ThreadId, (String, Doing)>,
    /// Everything that has ended.
    spans: Vec<Span>,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            origin: Instant::now(),
            permits: 0,
            held: 0,
            unclaimed_since: None,
            rows: HashMap::new(),
            spans: Vec::new(),
        }
    }
}

impl Run {
    /// The run of a semaphore of `permits`, all free.
    pub fn of_permits(permits: usize) -> Run {
        Run {
            permits,
            unclaimed_since: (permits > 0).then_some(Duration::ZERO),
            ..Run::default()
        }
    }

    /// Now, on the run's clock.
    pub fn now(&self) -> Duration {
        self.origin.elapsed()
    }

    /// `thread`, `name` on the drawing, entered `acquire`.
    pub fn acquiring(&mut self, thread: ThreadId, name: &str, since: Duration) {
        let doing = Doing::Looking { since, looks: 0 };
        self.rows.insert(thread, (name.to_owned(), doing));
    }

    /// `thread` took the lock to look at the count.
    pub fn looked(&mut self, thread: ThreadId) {
        if let Some((_, Doing::Looking { looks, .. })) = self.rows.get_mut(&thread) {
            *looks += 1;
        }
    }

    /// `thread` fell asleep on the condition variable as the sleeper `ticket`.
    pub fn fell_asleep(&mut self, thread: ThreadId, ticket: u64, since: Duration) {
        if let Some((row, doing)) = self.rows.get_mut(&thread) {
            if let Doing::Looking { since: from, looks } = *doing {
                self.spans.push(span(row, from, since, looking(looks)));
            }
            *doing = Doing::Asleep { since, ticket };
        }
    }

    /// `thread` got up from its sleep.
    pub fn got_up(&mut self, thread: ThreadId, now: Duration) {
        let Some((name, doing)) = self.rows.get_mut(&thread) else {
            return;
        };
        if let Doing::Asleep { since, .. } = *doing {
            let span = span(name, since, now, WAITING);
            *doing = Doing::Looking {
                since: now,
                looks: 0,
            };
            self.spans.push(span);
        }
    }

    /// `thread` got a permit: from `acquire`, or, if it was not in `acquire`, from
    /// `try_acquire`.
    pub fn took(&mut self, thread: ThreadId, name: &str, since: Duration) {
        self.held += 1;
        let (row, doing) = self
            .rows
            .entry(thread)
            .or_insert_with(|| (name.to_owned(), Doing::Holding { since }));
        if let Doing::Looking { since: from, looks } = *doing {
            self.spans.push(span(row, from, since, looking(looks)));
        }
        *doing = Doing::Holding { since };
    }

    /// `thread` is about to let go of its permit.
    pub fn gave_back(&mut self, thread: ThreadId, now: Duration) {
        if let Some((name, Doing::Holding { since })) = self.rows.get(&thread) {
            self.spans.push(span(name, *since, now, "held"));
            self.rows.remove(&thread);
            self.held -= 1;
        }
    }

    /// `thread`'s `acquire` panicked.
    pub fn panicked(&mut self, thread: ThreadId, now: Duration) {
        if let Some((name, Doing::Looking { since, .. } | Doing::Asleep { since, .. })) =
            self.rows.get(&thread)
        {
            self.spans.push(span(name, *since, now, ABANDONED));
            self.rows.remove(&thread);
        }
    }

    /// Notes whether some free permit has nobody woken for it, now that `woken` is
    /// how many sleepers have been woken and are not up yet.
    pub fn settle(&mut self, woken: usize, now: Duration) {
        let unclaimed = self.permits.saturating_sub(self.held) > woken;
        match (unclaimed, self.unclaimed_since) {
            (true, None) => self.unclaimed_since = Some(now),
            (false, Some(_)) => self.unclaimed_since = None,
            _ => {}
        }
    }

    /// Everything so far, what is still going on drawn up to now; `woken` says
    /// whether a sleeper has been woken.
    pub fn spans(&self, woken: impl Fn(u64) -> bool) -> Vec<Span> {
        let now = self.now();
        let mut spans = self.spans.clone();
        for (name, doing) in self.rows.values() {
            match *doing {
                Doing::Looking { since, looks } => {
                    spans.push(span(name, since, now, looking(looks)));
                }
                Doing::Asleep { since, ticket } => {
                    // Beside a free permit nobody was woken for, from when it was free.
                    let beside = self
                        .unclaimed_since
                        .filter(|_| !woken(ticket))
                        .map(|free| free.max(since));
                    match beside {
                        Some(from) => {
                            if from > since {
                                spans.push(span(name, since, from, WAITING));
                            }
                            spans.push(span(name, from, now, ABANDONED));
                        }
                        None => spans.push(span(name, since, now, WAITING)),
                    }
                }
                Doing::Holding { since } => spans.push(span(name, since, now, "held")),
            }
        }
        spans
    }
}

/// How a stretch awake in `acquire` is drawn: waiting, or polling.
fn looking(looks: usize) -> &'static str {
    if looks > POLLING { ABANDONED } else { WAITING }
}

fn span(lane: &str, start: Duration, end: Duration, kind: &str) -> Span {
    Span {
        lane: lane.to_owned(),
        label: kind.to_owned(),
        kind: kind.to_owned(),
        start,
        end: end.max(start),
    }
}
