//! Instruments for the executor exercises. A [`Probe`] is a future that returns
//! `Pending` a known number of times and counts what happens to it: how often it is
//! polled, how often it is woken, and how often it is polled *without* having been
//! woken. That is how the tests tell a good executor from one that busy-polls (too many
//! polls) or one that loses a wake-up (a probe that never finishes).

use std::future::Future;
use std::panic;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

/// How long a probe woken from another thread waits before it wakes the task. It is not
/// there for correctness (a good executor gets the same counts whatever the delay); it
/// gives an executor that polls without being woken a window in which to show it.
pub const GRACE: Duration = Duration::from_millis(20);

/// Who wakes a probe after it returns `Pending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeFrom {
    /// The probe wakes its own waker before returning `Pending`, as a future that
    /// only wants to let others run does (`tokio::task::yield_now`).
    Itself,
    /// A helper thread wakes it a little later, as a reactor does when a socket
    /// becomes readable: the executor has nothing to do until then.
    AnotherThread,
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
    /// True from a `Pending` until the helper thread has woken the task.
    waiting: Arc<AtomicBool>,
}

impl Probe {
    /// A probe, and the tally to read once it has run.
    pub fn new(pendings: usize, from: WakeFrom) -> (Probe, Arc<Tally>) {
        let tally = Arc::new(Tally::default());
        let probe = Probe {
            left: pendings,
            from,
            tally: Arc::clone(&tally),
            waiting: Arc::new(AtomicBool::new(false)),
        };
        (probe, tally)
    }
}

impl Future for Probe {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let polls = self.tally.polls.fetch_add(1, Ordering::SeqCst) + 1;
        if self.waiting.load(Ordering::SeqCst) {
            self.tally.unwoken_polls.fetch_add(1, Ordering::SeqCst);
            return Poll::Pending;
        }
        if self.left == 0 {
            self.tally.finished.store(true, Ordering::SeqCst);
            return Poll::Ready(polls);
        }
        self.left -= 1;
        match self.from {
            WakeFrom::Itself => {
                self.tally.wakes.fetch_add(1, Ordering::SeqCst);
                cx.waker().wake_by_ref();
            }
            WakeFrom::AnotherThread => {
                self.waiting.store(true, Ordering::SeqCst);
                let waker = cx.waker().clone();
                let waiting = Arc::clone(&self.waiting);
                let tally = Arc::clone(&self.tally);
                thread::spawn(move || {
                    thread::sleep(GRACE);
                    waiting.store(false, Ordering::SeqCst);
                    tally.wakes.fetch_add(1, Ordering::SeqCst);
                    waker.wake();
                });
            }
        }
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
/// A waker that only counts how often it is woken. `std::task::Wake` turns any
/// `Arc<T: Wake>` into a `Waker`, with no unsafe code.
#[derive(Debug, Default)]
pub struct CountingWaker {
    wakes: AtomicUsize,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}
// ANCHOR_END: counting_waker

/// What [`poll_strictly`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strict<T> {
    pub polls: usize,
    pub wakes: usize,
    /// `None` if the future was still pending when polling stopped.
    pub output: Option<T>,
}

/// Polls `future` as a strict executor would: again only after it has been woken,
/// and at most `max_polls` times. A future that returns `Pending` without arranging a
/// wake-up is abandoned there, as a real executor would leave it forever.
pub fn poll_strictly<F: Future>(future: F, max_polls: usize) -> Strict<F::Output> {
    let mut future = std::pin::pin!(future);
    let counter = Arc::new(CountingWaker::default());
    let waker = Waker::from(Arc::clone(&counter));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        let wakes_before = counter.wakes.load(Ordering::SeqCst);
        polls += 1;
        let poll = future.as_mut().poll(&mut cx);
        let wakes = counter.wakes.load(Ordering::SeqCst);
        match poll {
            Poll::Ready(output) => {
                return Strict {
                    polls,
                    wakes,
                    output: Some(output),
                };
            }
            Poll::Pending if wakes == wakes_before || polls >= max_polls => {
                return Strict {
                    polls,
                    wakes,
                    output: None,
                };
            }
            Poll::Pending => {}
        }
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
