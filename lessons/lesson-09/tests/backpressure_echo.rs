//! Checks for the `backpressure_echo` exercise: `exercises/lesson-09/backpressure_echo.rs`.
//!
//! The server talks to a scripted client through an in-memory pipe with small
//! buffers (`tokio::io::duplex`), on one thread, with tokio's clock paused. When
//! every side is stuck waiting, the paused clock jumps ahead: that is how a check
//! sees that the client's writes are being held back, without timing anything, and
//! how a server that never returns is reported at once instead of hanging.
//!
//! The server's side of the pipe is watched (`tests/watched/`): a failing check draws
//! every frame the server held, from when it had read it to when it had written its
//! echo: a queue without a bound holds every frame at once, and no queue at all holds
//! no more than the pipe's buffers do.

// Each test file uses its own part of the watch.
#[allow(dead_code)]
mod watched;

use bytes::Bytes;
use kit::exercise::Exercise;
use kit::timeline::{ABANDONED, Span, WAITING};
use lesson_09::backpressure_echo::echo;
use lesson_09::frame::frame;
use std::cell::Cell;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream, ReadBuf};
use tokio::time::{sleep, timeout};
use watched::{Event, Log, in_lane_order};

const EXERCISE: Exercise = Exercise::new(
    "backpressure_echo",
    "exercises/lesson-09/backpressure_echo.rs",
);

/// Bytes each direction of the pipe holds: eight 1 KiB frames.
const PIPE: usize = 8 * 1024;

fn payload(i: usize, len: usize) -> Vec<u8> {
    (0..len).map(|j| (i * 7 + j) as u8).collect()
}

/// How long, on tokio's paused clock, a test waits for the server and its client.
/// It takes no real time: when every task waits, the clock jumps to the next timer.
const LIMIT: Duration = Duration::from_secs(60);

/// How a failure introduces the run it draws.
const AS_THE_PIPE_SAW_IT: &str = "as the pipe saw it (the client's frames in ten rows, \
     in the order sent; [=== a frame the server held, from when it had read all of it to \
     when all of its echo was written; xxx one never echoed)";

/// The run as `log` saw it, with `frames` sent by the client: a span per frame the
/// server held, on rows of a tenth of the frames each, for [`AS_THE_PIPE_SAW_IT`].
fn drawn(log: &Log, frames: usize) -> Vec<Span> {
    let now = log.now();
    let per_row = frames.div_ceil(10).max(1);
    let mut read = Vec::new();
    let mut echoed = Vec::new();
    for (at, event) in log.events() {
        match event {
            Event::FrameWhole(_) => read.push(at),
            Event::EchoWritten(_) => echoed.push(at),
            _ => {}
        }
    }
    let mut spans = log.added();
    for (n, read) in read.into_iter().enumerate() {
        let (kind, end) = match echoed.get(n) {
            Some(&echoed) => ("echoed", echoed),
            None => (ABANDONED, now),
        };
        let first = n / per_row * per_row + 1;
        spans.push(Span {
            lane: format!("frames {first}-{}", first + per_row - 1),
            label: format!("frame {}", n + 1),
            kind: kind.to_owned(),
            start: read,
            end,
        });
    }
    if let Some(failed) = log.when(Event::WriteFailed) {
        spans.push(Span {
            lane: "writes fail".to_owned(),
            label: "the client reset the connection".to_owned(),
            kind: ABANDONED.to_owned(),
            start: failed,
            end: now,
        });
    }
    in_lane_order(spans)
}

/// Runs a test's server and client together, and fails if they are still running
/// after [`LIMIT`]: then everything was waiting for something that never came. The
/// failure draws the run `log` saw, of `frames` frames.
async fn within_limit<T>(log: &Log, frames: usize, everything: impl Future<Output = T>) -> T {
    match timeout(LIMIT, everything).await {
        Ok(done) => done,
        Err(_) => {
            if log.when(Event::Returned).is_none() {
                log.add("echo() never returned", "echo", ABANDONED, Duration::ZERO);
            }
            EXERCISE.fail(format_args!(
                "the server and its client were still running after {LIMIT:?} of tokio's \
                 paused clock: everything was waiting for something that never came. Do \
                 the reader and the writer run at the same time (`tokio::join!`), not one \
                 after the other? Does the writer end once the reader has ended (every \
                 `Sender` dropped, so that `recv()` gives `None`)?\n{}",
                EXERCISE.run_of(AS_THE_PIPE_SAW_IT, drawn(log, frames))
            ))
        }
    }
}

/// Runs the learner's server on `stream`, watched by `log`, reporting an error as a
/// failed check.
async fn server<S: AsyncRead + AsyncWrite + Unpin>(stream: S, queue: usize, log: &Log) -> u64 {
    let echoed = echo(log.watch(stream), queue).await;
    log.note(Event::Returned);
    match echoed {
        Ok(echoed) => echoed,
        Err(error) => EXERCISE.fail(format_args!("echo returned an error: {error}")),
    }
}

/// Reads `count` frames from `reader` and checks them against `frames`.
async fn read_echoes(reader: &mut (impl AsyncRead + Unpin), frames: &[Vec<u8>]) {
    for (i, expected) in frames.iter().enumerate() {
        let mut echo = vec![0; expected.len()];
        if reader.read_exact(&mut echo).await.is_err() {
            EXERCISE.fail(format_args!(
                "the connection closed after {i} of {} echoes.",
                frames.len()
            ));
        }
        if &echo != expected {
            EXERCISE.fail(format_args!(
                "echo {i} of {} is not frame {i} as it was sent: frames must come \
                 back whole and in order. (A `write` may take only part of what \
                 it is given, and says how much: `write_all`, or a `FramedWrite`, \
                 writes the rest too.)",
                frames.len()
            ));
        }
    }
}

#[test]
fn echoes_every_frame_in_order() {
    EXERCISE.run_paused(|| async {
        let (client, stream) = tokio::io::duplex(PIPE);
        let (mut from_server, mut to_server) = tokio::io::split(client);
        let log = Log::real();
        let frames: Vec<Vec<u8>> = (0..200)
            .map(|i| frame(&payload(i, i * 53 % 3000)))
            .collect();
        let send = async {
            for request in &frames {
                to_server.write_all(request).await.unwrap();
            }
            to_server.shutdown().await.unwrap();
        };
        let receive = async {
            read_echoes(&mut from_server, &frames).await;
            let mut rest = Vec::new();
            from_server.read_to_end(&mut rest).await.unwrap();
            rest
        };
        let (echoed, (), rest) = within_limit(&log, frames.len(), async {
            tokio::join!(server(stream, 8, &log), send, receive)
        })
        .await;
        EXERCISE.check(
            rest.is_empty(),
            "Nothing should come back after the 200 echoes.",
        );
        EXERCISE.check_eq(
            echoed,
            200,
            "`echo` should return how many frames it echoed, once the client has \
             closed its side and every answer is out.",
        );
    });
}

#[test]
fn a_client_that_does_not_read_is_held_back() {
    EXERCISE.run_paused(|| async {
        const QUEUE: usize = 100;
        const FRAMES: usize = 2000;
        let (client, stream) = tokio::io::duplex(PIPE);
        let (mut from_server, mut to_server) = tokio::io::split(client);
        let log = Log::real();
        let frames: Vec<Vec<u8>> = (0..FRAMES).map(|i| frame(&payload(i, 1000))).collect();
        let written = Cell::new(0);
        let send = async {
            for request in &frames {
                to_server.write_all(request).await.unwrap();
                written.set(written.get() + 1);
            }
            to_server.shutdown().await.unwrap();
        };
        // The client reads nothing for a second. With the clock paused, that
        // second passes as soon as every side is stuck.
        let receive = async {
            let since = log.now();
            sleep(Duration::from_secs(1)).await;
            log.add("client reads nothing", "not reading", WAITING, since);
            let held = written.get();
            read_echoes(&mut from_server, &frames).await;
            held
        };
        let (echoed, (), held) = within_limit(&log, FRAMES, async {
            tokio::join!(server(stream, QUEUE, &log), send, receive)
        })
        .await;
        let run = EXERCISE.run_of(AS_THE_PIPE_SAW_IT, drawn(&log, FRAMES));

        EXERCISE.check(
            held < FRAMES,
            format_args!(
                "While the client read nothing, the server took all {FRAMES} frames \
                 (2 MB) from it and kept them. A server must stop reading when it \
                 cannot write: with an unbounded queue, one slow client can fill \
                 your memory. Use a bounded channel of `queue` frames.\n{}",
                run
            ),
        );
        EXERCISE.check(
            held <= QUEUE + 60,
            format_args!(
                "While the client read nothing, it could still send {held} frames of \
                 1 KiB: more than the queue of {QUEUE} and what the pipe and the \
                 codecs' buffers hold (a few dozen more). Is something else holding \
                 frames?\n{}",
                run
            ),
        );
        EXERCISE.check(
            held >= QUEUE,
            format_args!(
                "While the client read nothing, it could send only {held} frames: the \
                 server should read ahead up to `queue` = {QUEUE} frames while its \
                 answers wait to be written. Does it read and write one frame at a \
                 time? Let a reader fill a bounded channel and a writer empty it.\n{}",
                run
            ),
        );
        EXERCISE.check_eq(
            echoed,
            FRAMES as u64,
            "Once the client reads again, everything should flow: all 2000 echoes.",
        );
    });
}

/// A stream that counts how often it was flushed.
struct CountingFlushes {
    inner: DuplexStream,
    flushes: Rc<Cell<usize>>,
}

impl AsyncRead for CountingFlushes {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for CountingFlushes {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.flushes.set(self.flushes.get() + 1);
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[test]
fn answers_ready_together_go_out_together() {
    EXERCISE.run_paused(|| async {
        let (client, stream) = tokio::io::duplex(64 * 1024);
        let flushes = Rc::new(Cell::new(0));
        let stream = CountingFlushes {
            inner: stream,
            flushes: Rc::clone(&flushes),
        };
        let (mut from_server, mut to_server) = tokio::io::split(client);
        let log = Log::real();
        let frames: Vec<Vec<u8>> = (0..50).map(|i| frame(&payload(i, 100))).collect();
        let burst: Bytes = frames.concat().into();
        let talk = async {
            // Fifty requests in one write: a client pipelining its requests.
            to_server.write_all(&burst).await.unwrap();
            read_echoes(&mut from_server, &frames).await;
            to_server.shutdown().await.unwrap();
        };
        let (echoed, ()) = within_limit(&log, frames.len(), async {
            tokio::join!(server(stream, 64, &log), talk)
        })
        .await;
        EXERCISE.check_eq(echoed, 50, "All 50 pipelined requests should be echoed.");
        EXERCISE.check(
            flushes.get() <= 3,
            format_args!(
                "50 requests arrived together, so their 50 answers were ready together, \
                 yet the server flushed {} times. `send` writes and flushes each frame \
                 (a system call per frame on a real socket); `feed` the frames that are \
                 waiting, then flush once. (A server that reads a frame, writes it, and \
                 only then reads the next cannot batch at all: let a reader run ahead \
                 of the writer.)",
                flushes.get()
            ),
        );
    });
}

/// A stream whose writes fail once `budget` bytes have gone through: a client that
/// reset the connection while it was still sending.
struct BreaksAfter {
    inner: DuplexStream,
    budget: usize,
}

impl AsyncRead for BreaksAfter {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for BreaksAfter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.budget == 0 {
            return Poll::Ready(Err(io::ErrorKind::ConnectionReset.into()));
        }
        let most = buf.len().min(self.budget);
        let written = Pin::new(&mut self.inner).poll_write(cx, &buf[..most]);
        if let Poll::Ready(Ok(n)) = written {
            self.budget -= n;
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[test]
fn a_failed_write_ends_the_connection() {
    EXERCISE.run_paused(|| async {
        const QUEUE: usize = 8;
        const FRAMES: usize = 2000;
        // Writes fail after ten echoes of 100 bytes (and their 4-byte headers).
        const ECHOES: usize = 10;
        let (client, stream) = tokio::io::duplex(PIPE);
        let stream = BreaksAfter {
            inner: stream,
            budget: ECHOES * 104,
        };
        let (_from_server, mut to_server) = tokio::io::split(client);
        let log = Log::real();
        let written = Cell::new(0);
        let send = async {
            for i in 0..FRAMES {
                if to_server.write_all(&frame(&payload(i, 100))).await.is_err() {
                    return; // the server has gone, as it should
                }
                written.set(written.get() + 1);
            }
            let _ = to_server.shutdown().await;
        };
        let serve = async {
            let ended = echo(log.watch(stream), QUEUE).await;
            log.note(Event::Returned);
            ended
        };
        let (ended, ()) = within_limit(&log, FRAMES, async { tokio::join!(serve, send) }).await;
        let written = written.get();
        let run = EXERCISE.run_of(AS_THE_PIPE_SAW_IT, drawn(&log, FRAMES));

        EXERCISE.check(
            ended.is_err(),
            format_args!(
                "Writing to the client failed after {ECHOES} echoes (the connection \
                 was reset), yet `echo` returned {ended:?}. An error from a write \
                 must end the writer and come back from `echo` (`?`), not be skipped.\n{}",
                run
            ),
        );
        EXERCISE.check(
            written < FRAMES / 4,
            format_args!(
                "Writing to the client failed after {ECHOES} echoes, but the server \
                 went on reading: the client could send {written} of its {FRAMES} \
                 frames, and every one was read for nothing. When the writer fails, \
                 the reader must stop: `send` on the channel fails once the writer \
                 has dropped its receiver, and that is the reader's cue to end.\n{}",
                run
            ),
        );
    });
}
