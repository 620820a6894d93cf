//! Instruments for the executor exercises. A [`Probe`] is a future that returns
//! `Pending` a known number of times and counts what happens to it: how often it is
//! polled, how often it is woken, and how often it is polled *without* having been
//! woken. That is how the tests tell a good executor from one that busy-polls (too many
//! polls) or one that loses a wake-up (a probe that never finishes).

use std::future::Future;
use std::panic;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

/// How long a probe woken from another thread waits before it wakes the task. It is not
/// there for correctness (a good executor gets the same counts whatever the delay); it
/// gives an executor that polls without being woken a window in which to show it.
pub const GRACE: Duration = Duration::from_millis(20);

/// How long a probe that raises a false alarm gives the executor to fall for it (to
/// poll again without a wake-up) before it wakes the task for real. An executor that
/// falls for it does so within microseconds of the alarm; a correct one costs the test
/// this long, once per alarm.
pub const FALSE_ALARM_WINDOW: Duration = Duration::from_millis(500);

/// Who wakes a probe after it returns `Pending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeFrom {
    /// The probe wakes its own waker before returning `Pending`, as a future that
    /// only wants to let others run does (`tokio::task::yield_now`).
    Itself,
    /// A helper thread wakes it a little later ([`GRACE`]), as a reactor does when a
    /// socket becomes readable: the executor has nothing to do until then.
    AnotherThread,
    /// A helper thread wakes it after this long: a long wait, during which an executor
    /// should sleep, not spin.
    AnotherThreadAfter(Duration),
    /// A helper thread first unparks the thread that polled the probe, without waking
    /// anything: the spurious wake-up that `std::thread::park` documents it may return
    /// with. Then it waits until the probe is polled again anyway (the executor fell
    /// for it) or [`FALSE_ALARM_WINDOW`] has passed, and wakes the task for real.
    AnotherThreadAfterAFalseAlarm,
}

/// What happened to one probe.
#[derive(Debug, Default)]
pub struct Tally {
    polls: AtomicUsize,
    wakes: AtomicUsize,
    unwoken_polls: AtomicUsize,
    finished: AtomicBool,
}

impl Tally {
    /// How many times the probe was polled.
    pub fn polls(&self) -> usize {
        self.polls.load(Ordering::SeqCst)
    }

    /// How many times the probe woke its task.
    pub fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }

    /// How many times it was polled while still waiting for its wake-up.
    pub fn unwoken_polls(&self) -> usize {
        self.unwoken_polls.load(Ordering::SeqCst)
    }

    /// Whether it returned `Ready`.
    pub fn finished(&self) -> bool {
        self.finished.load(Ordering::SeqCst)
    }
}

/// A future that is `Pending` `pendings` times, then `Ready` with the number of polls
/// it took.
#[derive(Debug)]
pub struct Probe {
    left: usize,
    from: WakeFrom,
    tally: Arc<Tally>,
    waiting: Arc<Waiting>,
}

/// Whether a probe is waiting for its helper thread's wake-up, and a way for the
/// helper to hear of a poll that came before it.
#[derive(Debug, Default)]
struct Waiting {
    /// True from a `Pending` until the helper thread has woken the task.
    now: AtomicBool,
    /// Set by a poll that came while `now` was true.
    polled_meanwhile: Mutex<bool>,
    polled: Condvar,
}

impl Waiting {
    /// Waits up to `limit` for a poll that no wake-up asked for.
    fn poll_without_wake_up(&self, limit: Duration) {
        let polled = self.polled_meanwhile.lock().unwrap();
        let _ = self
            .polled
            .wait_timeout_while(polled, limit, |polled| !*polled)
            .unwrap();
    }
}

impl Probe {
    /// A probe, and the tally to read once it has run.
    pub fn new(pendings: usize, from: WakeFrom) -> (Probe, Arc<Tally>) {
        let tally = Arc::new(Tally::default());
        let probe = Probe {
            left: pendings,
            from,
            tally: Arc::clone(&tally),
            waiting: Arc::default(),
        };
        (probe, tally)
    }
}

impl Future for Probe {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let polls = self.tally.polls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.waiting.now.load(Ordering::SeqCst) {
            self.tally.unwoken_polls.fetch_add(1, Ordering::SeqCst);
            *self.waiting.polled_meanwhile.lock().unwrap() = true;
            self.waiting.polled.notify_all();
            return Poll::Pending;
        }
        if self.left == 0 {
            self.tally.finished.store(true, Ordering::SeqCst);
            return Poll::Ready(polls);
        }
        self.left -= 1;
        let delay = match self.from {
            WakeFrom::Itself => {
                self.tally.wakes.fetch_add(1, Ordering::SeqCst);
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            WakeFrom::AnotherThread => Some(GRACE),
            WakeFrom::AnotherThreadAfter(delay) => Some(delay),
            WakeFrom::AnotherThreadAfterAFalseAlarm => None,
        };
        self.waiting.now.store(true, Ordering::SeqCst);
        *self.waiting.polled_meanwhile.lock().unwrap() = false;
        let waker = cx.waker().clone();
        let waiting = Arc::clone(&self.waiting);
        let tally = Arc::clone(&self.tally);
        let poller = thread::current();
        thread::spawn(move || {
            match delay {
                Some(delay) => thread::sleep(delay),
                None => {
                    poller.unpark();
                    waiting.poll_without_wake_up(FALSE_ALARM_WINDOW);
                }
            }
            waiting.now.store(false, Ordering::SeqCst);
            tally.wakes.fetch_add(1, Ordering::SeqCst);
            waker.wake();
        });
        Poll::Pending
    }
}

/// Wraps a future and counts its polls.
#[derive(Debug)]
pub struct Counted<F> {
    future: Pin<Box<F>>,
    polls: Arc<AtomicUsize>,
}

/// `future`, counting its polls into the returned counter.
pub fn counted<F: Future>(future: F) -> (Counted<F>, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let counted = Counted {
        future: Box::pin(future),
        polls: Arc::clone(&polls),
    };
    (counted, polls)
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.future.as_mut().poll(cx)
    }
}

// ANCHOR: counting_waker
/// A waker that counts how often it is woken, and lets a thread wait for a wake-up.
/// `std::task::Wake` turns any `Arc<T: Wake>` into a `Waker`, with no unsafe code.
#[derive(Debug, Default)]
pub struct CountingWaker {
    wakes: Mutex<usize>,
    woken: Condvar,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        *self.wakes.lock().unwrap() += 1;
        self.woken.notify_all();
    }
}
// ANCHOR_END: counting_waker

impl CountingWaker {
    /// How many times it has been woken.
    pub fn wakes(&self) -> usize {
        *self.wakes.lock().unwrap()
    }

    /// Waits up to `limit` for at least one wake-up; returns whether one came.
    pub fn wait_for_a_wake_up(&self, limit: Duration) -> bool {
        let wakes = self.wakes.lock().unwrap();
        let (wakes, _) = self
            .woken
            .wait_timeout_while(wakes, limit, |wakes| *wakes == 0)
            .unwrap();
        *wakes > 0
    }
}

/// How long [`poll_strictly`] waits, after a `Pending`, for a wake-up that has not come
/// yet. A future may arrange for another thread to wake it a moment later: that is
/// legal, and a correct one does it within milliseconds. One that arranged nothing
/// costs the check this long.
pub const LATE_WAKE_UP_LIMIT: Duration = Duration::from_secs(1);

/// What [`poll_strictly`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strict<T> {
    pub polls: usize,
    /// Wake-ups of the waker given to the latest poll: the only ones an executor
    /// listens to.
    pub wakes: usize,
    /// Wake-ups of a waker given to an earlier poll, after a later poll had handed the
    /// future a new one. An executor may give each poll another waker (the task has
    /// moved, or a combinator such as `select!` wraps it); the old one wakes nobody.
    pub stale_wakes: usize,
    /// Polls during which the polling thread went to sleep (blocked, as in
    /// `std::thread::sleep`); `None` where that cannot be counted.
    pub blocking_polls: Option<usize>,
    /// `None` if the future was still pending when polling stopped.
    pub output: Option<T>,
}

/// Polls `future` as a strict executor would: again only after it has been woken,
/// with a new waker each time, and at most `max_polls` times. A wake-up may come
/// during the poll or from another thread after it (waited for up to
/// [`LATE_WAKE_UP_LIMIT`]); a future that returns `Pending` without arranging one is
/// abandoned there, as a real executor would leave it forever.
pub fn poll_strictly<F: Future>(future: F, max_polls: usize) -> Strict<F::Output> {
    let mut future = std::pin::pin!(future);
    // Every poll's waker, and how often it had been woken when it was replaced.
    let mut replaced: Vec<(Arc<CountingWaker>, usize)> = Vec::new();
    let mut blocking_polls = Some(0);
    loop {
        let current = Arc::new(CountingWaker::default());
        let waker = Waker::from(Arc::clone(&current));
        let sleeps_before = kit::cpu::thread_sleeps();
        let poll = future.as_mut().poll(&mut Context::from_waker(&waker));
        let blocked = sleeps_before
            .zip(kit::cpu::thread_sleeps())
            .map(|(before, after)| after > before);
        blocking_polls = blocking_polls.zip(blocked).map(|(n, b)| n + usize::from(b));

        let polls = replaced.len() + 1;
        let output = match poll {
            Poll::Ready(output) => Some(output),
            Poll::Pending
                if polls < max_polls && current.wait_for_a_wake_up(LATE_WAKE_UP_LIMIT) =>
            {
                let wakes = current.wakes();
                replaced.push((current, wakes));
                continue;
            }
            Poll::Pending => None,
        };
        let stale_wakes = replaced
            .iter()
            .map(|(waker, wakes_then)| waker.wakes() - wakes_then)
            .sum();
        let wakes = replaced
            .iter()
            .map(|(_, wakes_then)| wakes_then)
            .sum::<usize>()
            + current.wakes();
        return Strict {
            polls,
            wakes,
            stale_wakes,
            blocking_polls,
            output,
        };
    }
}

/// Runs `work` on its own thread and waits at most `limit` for it. `None` means it was
/// still running then, blocked most likely; the thread is left behind, so the test can
/// say what that probably means instead of hanging. A panic in `work` is passed on.
pub fn finish_within<T, W>(limit: Duration, work: W) -> Option<T>
where
    T: Send + 'static,
    W: FnOnce() -> T + Send + 'static,
{
    let (done, outcome) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = done.send(work());
    });
    match outcome.recv_timeout(limit) {
        Ok(value) => Some(value),
        Err(mpsc::RecvTimeoutError::Timeout) => None,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(payload) => panic::resume_unwind(payload),
            Ok(()) => unreachable!("the worker sends its result before it ends"),
        },
    }
}

/// A correct `countdown_future` that the reference does not look like: its wake-ups come
/// from another thread, after `poll` has returned. The checks must accept it.
#[cfg(test)]
#[path = "../right/countdown_future/wakes_from_another_thread.rs"]
mod woken_from_another_thread;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_up_from_another_thread_after_pending_is_accepted() {
        let seen = poll_strictly(woken_from_another_thread::Countdown::new(3), 13);
        assert_eq!(
            (seen.polls, seen.wakes, seen.stale_wakes, seen.output),
            (4, 3, 0, Some(()))
        );
        // Spawning a thread may block for a moment (the kernel's memory map lock), but
        // not in most polls: the check allows half.
        assert!(seen.blocking_polls.unwrap_or(0) * 2 <= seen.polls);
    }
}
