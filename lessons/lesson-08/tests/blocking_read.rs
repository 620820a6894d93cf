//! Checks for the `blocking_read` exercise: `exercises/lesson-08/blocking_read.rs`.
//!
//! Every check runs on a current-thread runtime: one thread, so a read made on it
//! stops everything else. Whether the read ran elsewhere is checked with thread ids
//! and a meeting with another task (see `probe/mod.rs`), never with a timer: tokio's
//! paused clock would not help either, because blocking work holds it still.

mod probe;

use kit::exercise::Exercise;
use lesson_08::blocking_read::read_exactly;
use probe::{Seen, Work, meeting};
use std::io::{self, Read};
use std::sync::Arc;
use std::thread;

const EXERCISE: Exercise = Exercise::new("blocking_read", "exercises/lesson-08/blocking_read.rs");

const TEXT: &[u8] = b"spinning plates with two hands";

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

/// A reader whose first `read` waits to meet a neighbour task, then gives sevens.
struct Probe(Arc<Work>);

impl Read for Probe {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.0.wait_for_neighbour();
        buffer.fill(7);
        Ok(buffer.len())
    }
}

#[test]
fn reads_exactly_len_bytes() {
    EXERCISE.run_async(|| async {
        let got = read_exactly(Trickle(TEXT), 14).await;
        EXERCISE.check_eq(
            got.ok(),
            Some(TEXT[..14].to_vec()),
            "read_exactly(source, 14) should return the first 14 bytes. This source \
             gives at most 3 bytes per `read` call, as pipes and sockets may: one \
             `read` is not enough; `read_exact` keeps reading until the buffer is full.",
        );
        EXERCISE.check_eq(
            read_exactly(Trickle(TEXT), 0).await.ok(),
            Some(Vec::new()),
            "Reading 0 bytes gives an empty Vec.",
        );
        let short = read_exactly(Trickle(b"abc"), 10).await;
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
    EXERCISE.run_async(|| async {
        let runtime_thread = thread::current().id();
        let (work, neighbour) = meeting();
        let work = Arc::new(work);
        tokio::spawn(neighbour.answer());

        let got = read_exactly(Probe(Arc::clone(&work)), 5).await;
        let Some(Seen { thread, met }) = work.seen() else {
            EXERCISE.fail("read_exactly never called `read` on the source.")
        };
        EXERCISE.check(
            thread != runtime_thread,
            "The read ran on the runtime's own thread, so while it waited every other \
             task on that thread waited too. (An `async` block or `tokio::spawn` does \
             not change threads: a spawned task runs on the same runtime.) Hand the \
             read to `tokio::task::spawn_blocking`.",
        );
        EXERCISE.check(
            met,
            "The read ran on another thread, but the runtime's thread stood still until \
             it ended: another task could not run in the meantime. Waiting for the \
             other thread with a blocking call (`JoinHandle::join`, `recv`) blocks the \
             runtime just the same; `.await` a `spawn_blocking` handle instead.",
        );
        EXERCISE.check_eq(got.ok(), Some(vec![7; 5]), "The 5 bytes the source gave.");
    });
}

#[cfg(unix)]
#[test]
fn reads_the_talks_dev_urandom() {
    EXERCISE.run_async(|| async {
        let source = std::fs::File::open("/dev/urandom").expect("/dev/urandom opens");
        let bytes = read_exactly(source, 100).await;
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
