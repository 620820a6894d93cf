//! Checks for the `idle_timeout` exercise: `exercises/lesson-09/idle_timeout.rs`.
//!
//! The server and a scripted client talk through an in-memory pipe
//! (`tokio::io::duplex`) with tokio's clock paused, so every time read here is
//! exact: a connection idle for 1 s closes at 1.000 s, on any machine.
//!
//! The server's end of the pipe is watched (`tests/watched/`): a failing check draws
//! the connection on that clock, each frame as it came in and its echo went out, the
//! idle time between frames, and when the connection closed, so that a close in the
//! middle of the talk, or long after it, shows.

// Each test file uses its own part of the watch.
#[allow(dead_code)]
mod watched;

use kit::exercise::Exercise;
use kit::timeline::{ABANDONED, Span, WAITING};
use lesson_09::frame::frame;
use lesson_09::idle_timeout::{Ended, serve};
use std::io;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::time::{Instant, sleep_until, timeout};
use watched::{Event, Log, in_lane_order};

const EXERCISE: Exercise = Exercise::new("idle_timeout", "exercises/lesson-09/idle_timeout.rs");

const IDLE: Duration = Duration::from_secs(1);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// How long, on tokio's paused clock, a test waits for `serve` to return. It takes
/// no real time: when every task waits, the clock jumps to the next timer.
const LIMIT: Duration = Duration::from_secs(60);

/// How a failure introduces the run it draws.
const AS_THE_CONNECTION_WENT: &str = "as the connection went, on tokio's clock (client: \
     [=== a frame sent, until its echo came back; frames in: from a frame's first byte \
     to its last; echoes out: from a whole frame to its echo written; idle: ... no whole \
     frame yet; connection: until the server closed it; xxx what never came, or should \
     not have been)";

/// The run as `log` saw it, for [`AS_THE_CONNECTION_WENT`]. The idle time is what
/// the frames that came in whole allow: the connection should close `IDLE` after the
/// last of them, or when the client closes its side, and a row says how much sooner or
/// later it did.
fn drawn(log: &Log) -> Vec<Span> {
    let now = log.now();
    let events = log.events();
    let at = |wanted: Event| {
        let found = events.iter().find(|(_, event)| *event == wanted);
        found.map(|(at, _)| *at)
    };
    let closed = at(Event::Closed);
    let end = closed.unwrap_or(now);
    let mut spans = log.added();
    let mut span = |lane: &str, label: String, kind: &str, start, end| {
        spans.push(Span {
            lane: lane.to_owned(),
            label,
            kind: kind.to_owned(),
            start,
            end,
        })
    };
    let mut wholes = Vec::new();
    for &(begun, event) in &events {
        let Event::FrameBegun(n) = event else {
            continue;
        };
        let label = format!("frame {}", n + 1);
        let Some(whole) = at(Event::FrameWhole(n)) else {
            span("frames in", label, ABANDONED, begun, end);
            continue;
        };
        span("frames in", label.clone(), "whole", begun, whole);
        match at(Event::EchoWritten(n)) {
            Some(echoed) => span("echoes out", label, "echoed", whole, echoed),
            None => span("never echoed", label, ABANDONED, whole, end),
        }
        wholes.push(whole);
    }
    // Idle from the start and from each whole frame, until the next or the close.
    let mut since = Duration::ZERO;
    for &whole in wholes.iter().chain([&end]) {
        span("idle", "no whole frame".to_owned(), WAITING, since, whole);
        since = whole;
    }
    span("connection", "open".to_owned(), "open", Duration::ZERO, end);
    // When the connection should have closed: IDLE after the last frame that came
    // before it should have closed.
    let mut due = IDLE;
    for whole in wholes {
        if whole > due {
            break;
        }
        due = whole + IDLE;
    }
    let client_closed = at(Event::ClientClosed).is_some_and(|eof| eof <= end);
    match closed {
        Some(closed) if closed < due && !client_closed => span(
            "closed before idle time",
            "closed".to_owned(),
            ABANDONED,
            closed,
            due,
        ),
        _ if end > due => span(
            "open past idle time",
            "open".to_owned(),
            ABANDONED,
            due,
            end,
        ),
        _ => {}
    }
    in_lane_order(spans)
}

/// Runs the learner's server on `stream`, watched by `log`; returns how it ended,
/// and when.
async fn server(stream: DuplexStream, log: &Log) -> (io::Result<Ended>, Duration) {
    match timeout(LIMIT, serve(log.watch(stream), IDLE)).await {
        Ok(ended) => (ended, log.now()),
        Err(_) => EXERCISE.fail(format_args!(
            "`serve` was still running after {LIMIT:?} of tokio's paused clock, with a \
             client that had done all it was going to do. Does it return \
             `Ended::Idle` when the idle time is up, and `Ended::PeerClosed` when \
             `next()` gives `None`?\n{}",
            EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(log))
        )),
    }
}

/// Reads until the server closes the connection; returns when that happened.
async fn wait_for_close(client: &mut DuplexStream, log: &Log) -> Duration {
    let mut rest = Vec::new();
    let _ = client.read_to_end(&mut rest).await;
    log.now()
}

/// Sends one frame and reads its echo; `log` notes the round trip.
async fn ping(client: &mut DuplexStream, payload: &[u8], log: &Log) {
    let request = frame(payload);
    let text = String::from_utf8_lossy(payload);
    let sent = log.now();
    let failed = |what: std::fmt::Arguments<'_>| -> ! {
        log.add("client", text.clone(), ABANDONED, sent);
        EXERCISE.fail(format_args!(
            "{what}\n{}",
            EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(log))
        ))
    };
    if client.write_all(&request).await.is_err() {
        failed(format_args!(
            "the server had already closed the connection when the client sent {text:?}, \
             less than the idle time after the frame before it. Every whole frame \
             should start the idle time again."
        ));
    }
    let written = log.now();
    let mut echo = vec![0; request.len()];
    let read = client.read_exact(&mut echo).await;
    let waited = log.now() - written;
    match read {
        Ok(_) if echo == request => log.add("client", text, "echoed", sent),
        Ok(_) => failed(format_args!(
            "the echo of {text:?} came back different: {:?}.",
            String::from_utf8_lossy(&echo)
        )),
        Err(_) if waited < IDLE => failed(format_args!(
            "the server closed the connection when the client sent {text:?}, less than \
             the idle time after the frame before it, instead of echoing it. Every \
             whole frame should start the idle time again."
        )),
        Err(_) => failed(format_args!(
            "the echo of {text:?} never came back: the connection closed {waited:?} \
             later, when it went idle. The echo stayed in a buffer: `send` writes and \
             flushes; `feed` alone only buffers."
        )),
    }
}

#[test]
fn a_silent_connection_is_closed_after_the_idle_time() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let log = Log::tokio();
        let ((ended, ended_at), closed_at) =
            tokio::join!(server(stream, &log), wait_for_close(&mut client, &log));
        let run = EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(&log));
        EXERCISE.check_eq(
            ended.ok(),
            Some(Ended::Idle { frames: 0 }),
            format_args!(
                "A client that connects and sends nothing: the server should give up \
                 after the idle time, having echoed nothing.\n{}",
                run
            ),
        );
        EXERCISE.check_eq(
            (ended_at, closed_at),
            (IDLE, IDLE),
            format_args!(
                "It should end, and the client see the connection closed, exactly at \
                 the idle time of 1 s (tokio's clock is paused: times are exact).\n{}",
                run
            ),
        );
    });
}

#[test]
fn every_frame_starts_the_idle_time_again() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let start = Instant::now();
        let log = Log::tokio();
        let talk = async {
            for (at, word) in [(500, "one"), (1000, "two"), (1500, "three")] {
                sleep_until(start + ms(at)).await;
                ping(&mut client, word.as_bytes(), &log).await;
            }
            wait_for_close(&mut client, &log).await
        };
        let ((ended, ended_at), closed_at) = tokio::join!(server(stream, &log), talk);
        let run = EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(&log));
        EXERCISE.check_eq(
            ended.ok(),
            Some(Ended::Idle { frames: 3 }),
            format_args!(
                "Frames at 0.5 s, 1.0 s and 1.5 s, each within 1 s of the one before: \
                 all three echoed, then the connection idles out. A single deadline \
                 for the whole connection closes it at 1 s instead.\n{}",
                run
            ),
        );
        EXERCISE.check_eq(
            (ended_at, closed_at),
            (ms(2500), ms(2500)),
            format_args!(
                "The last frame came at 1.5 s, so the connection should close 1 s \
                 later, at 2.5 s: restart the idle time after every frame, from the \
                 moment the frame came (`Instant::now() + idle`), not from the deadline \
                 it had before.\n{}",
                run
            ),
        );
    });
}

#[test]
fn bytes_that_never_make_a_frame_do_not_keep_it_open() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let start = Instant::now();
        let log = Log::tokio();
        let talk = async {
            sleep_until(start + ms(200)).await;
            ping(&mut client, b"hello", &log).await;
            // Then one byte every 300 ms: a frame that would take 3 s to arrive.
            let mut kind = "sent";
            for (i, byte) in frame(b"slowly").into_iter().enumerate() {
                sleep_until(start + ms(400 + 300 * i as u64)).await;
                if client.write_all(&[byte]).await.is_err() {
                    kind = ABANDONED; // closed by the server, as it should be
                    break;
                }
            }
            log.add("client", "slowly, a byte at a time", kind, ms(400));
            wait_for_close(&mut client, &log).await
        };
        let ((ended, ended_at), _) = tokio::join!(server(stream, &log), talk);
        EXERCISE.check_eq(
            (ended.ok(), ended_at),
            (Some(Ended::Idle { frames: 1 }), ms(1200)),
            format_args!(
                "One whole frame at 0.2 s, then bytes trickling in every 300 ms that \
                 never complete a frame before the limit: the connection should close \
                 1 s after the last WHOLE frame, at 1.2 s. Closing at 1 s means the \
                 frame at 0.2 s did not start the idle time again; closing later means \
                 bytes alone did, and then a slow client can hold a connection for \
                 ever.\n{}",
                EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(&log))
            ),
        );
    });
}

#[test]
fn a_peer_that_closes_ends_the_connection_at_once() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let log = Log::tokio();
        let talk = async {
            ping(&mut client, b"first", &log).await;
            ping(&mut client, b"second", &log).await;
            client.shutdown().await.unwrap();
            wait_for_close(&mut client, &log).await
        };
        let ((ended, ended_at), _) = tokio::join!(server(stream, &log), talk);
        EXERCISE.check_eq(
            (ended.ok(), ended_at),
            (Some(Ended::PeerClosed { frames: 2 }), Duration::ZERO),
            format_args!(
                "Two frames, then the client closes its side: the server should return \
                 `PeerClosed` after 2 frames at once, without waiting for the idle \
                 time.\n{}",
                EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(&log))
            ),
        );
    });
}

#[test]
fn a_peer_that_stops_reading_is_closed_too() {
    EXERCISE.run_paused(|| async {
        // 256 bytes each way: two echoes of 104 bytes fit, the third does not.
        let (mut client, stream) = tokio::io::duplex(256);
        let log = Log::tokio();
        let talk = async {
            // Ten frames of 100 bytes at once, and not one echo read.
            for i in 0..10 {
                if client.write_all(&frame(&[i; 100])).await.is_err() {
                    break; // closed by the server, as it should be
                }
            }
        };
        let serving = async {
            let ended = timeout(LIMIT, serve(log.watch(stream), IDLE)).await;
            (ended, log.now())
        };
        let ((ended, ended_at), ()) = tokio::join!(serving, talk);
        let run = EXERCISE.run_of(AS_THE_CONNECTION_WENT, drawn(&log));
        let Ok(ended) = ended else {
            EXERCISE.fail(format_args!(
                "A client sent 10 frames and read none of the echoes: `serve` was still \
                 running after {LIMIT:?} of tokio's paused clock. Its echo waited for \
                 ever in `send`, for a reader that never came, and the idle timer was \
                 not running meanwhile. Race the `send` against the same timer: an echo \
                 nobody reads is idle time too.\n{}",
                run
            ))
        };
        EXERCISE.check(
            matches!(ended, Ok(Ended::Idle { frames }) if frames < 10),
            format_args!(
                "A client sent 10 frames and read none of the echoes: the server should \
                 give up with `Ended::Idle` while an echo waits to be written. Got \
                 {ended:?}.\n{}",
                run
            ),
        );
        EXERCISE.check_eq(
            ended_at,
            IDLE,
            format_args!(
                "The frames all came at 0 s, and the client read nothing after: the \
                 connection should close at the idle time of 1 s, while the echo it could \
                 not write still waited.\n{}",
                run
            ),
        );
    });
}
