//! Checks for the `blocking_read` exercise: `exercises/lesson-08/blocking_read.rs`.
//!
//! Every check runs on a current-thread runtime: one thread, so a read made on it
//! stops everything else. Whether the read ran elsewhere, and whether the runtime's
//! thread rested meanwhile, is checked with thread ids, a meeting with another task
//! and the runtime's own report of when its thread sleeps (see `probe/mod.rs`),
//! never with a timer: tokio's paused clock would not help either, because blocking
//! work holds it still.

mod probe;

use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline, polled};
use lesson_08::blocking_read::read_exactly;
use probe::{Rest, Seen, Sleeps, Work, meeting_beside, watched_runtime};
use std::any::Any;
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::thread;

const EXERCISE: Exercise = Exercise::new("blocking_read", "exercises/lesson-08/blocking_read.rs");

const TEXT: &[u8] = b"spinning plates with two hands";

/// How a failure introduces the run it draws.
const AS_THE_RUNTIME_RAN_IT: &str = "as the runtime ran it (a row per task: ... waiting \
     for its first turn, [=== one poll; and a row for the source's read, start to end)";

/// Runs your `read_exactly`, explaining the panic of a `block_in_place` here.
async fn read<R: Read + Send + 'static>(source: R, len: usize) -> io::Result<Vec<u8>> {
    match CatchPanic(Box::pin(read_exactly(source, len))).await {
        Ok(result) => result,
        Err(panic) => {
            let message = kit::exercise::panic_message(&*panic).unwrap_or("");
            if message.contains("can call blocking only") {
                EXERCISE.fail(
                    "block_in_place panicked: these checks run on a current-thread \
                     runtime (what `#[tokio::test]` and many servers use), and there \
                     `block_in_place` has no other thread to hand the runtime's tasks \
                     to. `spawn_blocking` works on every runtime.",
                );
            }
            std::panic::resume_unwind(panic)
        }
    }
}

/// A future that returns the panic of the future it polls instead of unwinding.
struct CatchPanic<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchPanic<F> {
    type Output = Result<F::Output, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match panic::catch_unwind(AssertUnwindSafe(|| self.0.as_mut().poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// A reader that hands out at most three bytes per `read`, as pipes and sockets may.
struct Trickle(&'static [u8]);

impl Read for Trickle {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = buffer.len().min(self.0.len()).min(3);
        buffer[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// A reader of `left` sevens whose first `read` first meets a neighbour task, then
/// watches whether the runtime's thread rests while the read goes on.
struct Probe {
    work: Arc<Work>,
    /// Where each `read` is recorded, on a lane that says which thread it ran on.
    timeline: Timeline,
    runtime_thread: thread::ThreadId,
    sleeps: Arc<Sleeps>,
    rest: Arc<Mutex<Option<Rest>>>,
    left: usize,
}

impl Read for Probe {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let lane = if thread::current().id() == self.runtime_thread {
            "read, runtime thread"
        } else {
            "read, other thread"
        };
        let reading = self.timeline.begin(Lane::named(lane), "read");
        let n = self.read_sevens(buffer);
        reading.end("read");
        Ok(n)
    }
}

impl Probe {
    fn read_sevens(&mut self, buffer: &mut [u8]) -> usize {
        let mut rest = self.rest.lock().unwrap();
        if self.work.seen().is_none() && self.work.wait_for_neighbour().met {
            *rest = Some(self.sleeps.watch());
        }
        let n = buffer.len().min(self.left);
        buffer[..n].fill(7);
        self.left -= n;
        n
    }
}

#[test]
fn reads_exactly_len_bytes() {
    EXERCISE.run_async(|| async {
        let got = read(Trickle(TEXT), 14).await;
        EXERCISE.check_eq(
            got.ok(),
            Some(TEXT[..14].to_vec()),
            "read_exactly(source, 14) should return the first 14 bytes. This source \
             gives at most 3 bytes per `read` call, as pipes and sockets may: one \
             `read` is not enough; `read_exact` keeps reading until the buffer is full.",
        );
        EXERCISE.check_eq(
            read(Trickle(TEXT), 0).await.ok(),
            Some(Vec::new()),
            "Reading 0 bytes gives an empty Vec.",
        );
        let short = read(Trickle(b"abc"), 10).await;
        EXERCISE.check_eq(
            short.map_err(|error| error.kind()),
            Err(io::ErrorKind::UnexpectedEof),
            "A source with 3 bytes cannot give 10: that is an UnexpectedEof error \
             (what `read_exact` returns), not a short or zero-padded Vec.",
        );
    });
}

#[test]
fn reads_off_the_runtime_thread_while_other_tasks_run() {
    EXERCISE.run(|| {
        // One blocking thread is all a read needs.
        let (runtime, sleeps) = watched_runtime(1);
        runtime.block_on(async {
            let runtime_thread = thread::current().id();
            let (work, neighbour) = meeting_beside(runtime_thread);
            let work = Arc::new(work);
            let rest = Arc::new(Mutex::new(None));
            let timeline = Timeline::new();
            tokio::spawn(polled(&timeline, "another task", neighbour.answer()));

            let probe = Probe {
                work: Arc::clone(&work),
                timeline: timeline.clone(),
                runtime_thread,
                sleeps,
                rest: Arc::clone(&rest),
                left: 5,
            };
            let got = polled(&timeline, "your read_exactly", read(probe, 5)).await;
            // One turn for the other task, so that the drawing shows when it first ran.
            tokio::task::yield_now().await;
            let run = || EXERCISE.run_of(AS_THE_RUNTIME_RAN_IT, timeline.spans());
            let Some(Seen { thread, met }) = work.seen() else {
                EXERCISE.fail("read_exactly never called `read` on the source.")
            };
            EXERCISE.check(
                thread != runtime_thread,
                format_args!(
                    "The read ran on the runtime's own thread, so while it waited every \
                     other task on that thread waited too. (An `async` block or \
                     `tokio::spawn` does not change threads: a spawned task runs on the \
                     same runtime.) Hand the read to `tokio::task::spawn_blocking`.\n{}",
                    run()
                ),
            );
            EXERCISE.check(
                met,
                format_args!(
                    "The read ran on another thread, but the runtime's thread stood still \
                     until it ended: another task could not run in the meantime. Waiting \
                     for the other thread with a blocking call (`JoinHandle::join`, \
                     `recv`) blocks the runtime just the same; `.await` a \
                     `spawn_blocking` handle instead.\n{}",
                    run()
                ),
            );
            match *rest.lock().unwrap() {
                Some(Rest::NeverSlept) => EXERCISE.fail(format_args!(
                    "The read ran on another thread and other tasks ran meanwhile, but \
                     the runtime's thread never went to sleep in {:?}: your task kept \
                     waking itself up. That is busy waiting: a loop on \
                     `handle.is_finished()` with `yield_now().await` asks \"done yet?\" \
                     thousands of times a second and burns a core doing it. `.await` \
                     the JoinHandle: the task sleeps until the read is done.",
                    probe::PATIENCE
                )),
                Some(Rest::WokeUp) => EXERCISE.fail(
                    "The read ran on another thread, but while it was still going on \
                     the runtime's thread kept waking up with nothing to do: your task \
                     polls, checking on a timer (`sleep` in a loop until \
                     `is_finished()`?). Every check costs a wake-up, and the answer \
                     comes up to one period late. `.await` the JoinHandle: it wakes \
                     your task once, when the read is done.",
                ),
                Some(Rest::Slept) | None => {}
            }
            EXERCISE.check_eq(got.ok(), Some(vec![7; 5]), "The 5 bytes the source gave.");
        });
    });
}

/// More than anyone needs to read 100 bytes, even through a `BufReader`.
const PLENTY: usize = 1 << 20;

/// A source that never ends, such as /dev/urandom, watched: it refuses to give more
/// than [`PLENTY`] bytes, and counts what it gave.
struct Endless<R> {
    inner: R,
    given: Arc<AtomicUsize>,
}

impl<R: Read> Read for Endless<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let given = self.given.load(Ordering::Relaxed);
        if given >= PLENTY {
            return Err(io::Error::other(
                "asked for more than 1 MiB of /dev/urandom",
            ));
        }
        let want = buffer.len().min(PLENTY - given);
        let n = self.inner.read(&mut buffer[..want])?;
        self.given.fetch_add(n, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(unix)]
#[test]
fn reads_the_talks_dev_urandom() {
    EXERCISE.run_async(|| async {
        let given = Arc::new(AtomicUsize::new(0));
        let source = Endless {
            inner: std::fs::File::open("/dev/urandom").expect("/dev/urandom opens"),
            given: Arc::clone(&given),
        };
        let bytes = read(source, 100).await;
        EXERCISE.check(
            given.load(Ordering::Relaxed) < PLENTY,
            "read_exactly(/dev/urandom, 100) kept reading past 1 MiB. /dev/urandom never \
             ends, and neither does `read_to_end` on it (it reads until the end of the \
             source, then you cut it short). Read into a buffer of `len` bytes with \
             `read_exact`: it stops when the buffer is full.",
        );
        let bytes = bytes.unwrap_or_else(|error| {
            EXERCISE.fail(format_args!("reading /dev/urandom failed: {error}"))
        });
        EXERCISE.check_eq(bytes.len(), 100, "The talk reads 100 bytes.");
        EXERCISE.check(
            bytes.iter().any(|&byte| byte != 0),
            "100 random bytes that are all zero: the buffer was never filled.",
        );
    });
}
