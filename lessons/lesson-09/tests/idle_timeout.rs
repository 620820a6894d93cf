//! Checks for the `idle_timeout` exercise: `exercises/lesson-09/idle_timeout.rs`.
//!
//! The server and a scripted client talk through an in-memory pipe
//! (`tokio::io::duplex`) with tokio's clock paused, so every time read here is
//! exact: a connection idle for 1 s closes at 1.000 s, on any machine.

use kit::exercise::Exercise;
use lesson_09::frame::frame;
use lesson_09::idle_timeout::{Ended, serve};
use std::io;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::time::{Instant, sleep_until, timeout};

const EXERCISE: Exercise = Exercise::new("idle_timeout", "exercises/lesson-09/idle_timeout.rs");

const IDLE: Duration = Duration::from_secs(1);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// How long, on tokio's paused clock, a test waits for `serve` to return. It takes
/// no real time: when every task waits, the clock jumps to the next timer.
const LIMIT: Duration = Duration::from_secs(60);

/// Runs the learner's server against `client`; returns how it ended, and when.
async fn server(stream: DuplexStream, start: Instant) -> (io::Result<Ended>, Duration) {
    match timeout(LIMIT, serve(stream, IDLE)).await {
        Ok(ended) => (ended, start.elapsed()),
        Err(_) => EXERCISE.fail(format_args!(
            "`serve` was still running after {LIMIT:?} of tokio's paused clock, with a \
             client that had done all it was going to do. Does it return \
             `Ended::Idle` when the idle time is up, and `Ended::PeerClosed` when \
             `next()` gives `None`?"
        )),
    }
}

/// Reads until the server closes the connection; returns when that happened.
async fn wait_for_close(client: &mut DuplexStream, start: Instant) -> Duration {
    let mut rest = Vec::new();
    let _ = client.read_to_end(&mut rest).await;
    start.elapsed()
}

/// Sends one frame and reads its echo.
async fn ping(client: &mut DuplexStream, payload: &[u8]) {
    let request = frame(payload);
    let text = String::from_utf8_lossy(payload);
    if client.write_all(&request).await.is_err() {
        EXERCISE.fail(format_args!(
            "the server had already closed the connection when the client sent {text:?}, \
             less than the idle time after the frame before it. Every whole frame \
             should start the idle time again."
        ));
    }
    let sent = Instant::now();
    let mut echo = vec![0; request.len()];
    match client.read_exact(&mut echo).await {
        Ok(_) if echo == request => {}
        Ok(_) => EXERCISE.fail(format_args!(
            "the echo of {text:?} came back different: {:?}.",
            String::from_utf8_lossy(&echo)
        )),
        Err(_) if sent.elapsed() < IDLE => EXERCISE.fail(format_args!(
            "the server closed the connection when the client sent {text:?}, less than \
             the idle time after the frame before it, instead of echoing it. Every \
             whole frame should start the idle time again."
        )),
        Err(_) => EXERCISE.fail(format_args!(
            "the echo of {text:?} never came back: the connection closed {:?} later, \
             when it went idle. The echo stayed in a buffer: `send` writes and \
             flushes; `feed` alone only buffers.",
            sent.elapsed()
        )),
    }
}

#[test]
fn a_silent_connection_is_closed_after_the_idle_time() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let start = Instant::now();
        let ((ended, ended_at), closed_at) =
            tokio::join!(server(stream, start), wait_for_close(&mut client, start));
        EXERCISE.check_eq(
            ended.ok(),
            Some(Ended::Idle { frames: 0 }),
            "A client that connects and sends nothing: the server should give up \
             after the idle time, having echoed nothing.",
        );
        EXERCISE.check_eq(
            (ended_at, closed_at),
            (IDLE, IDLE),
            "It should end, and the client see the connection closed, exactly at \
             the idle time of 1 s (tokio's clock is paused: times are exact).",
        );
    });
}

#[test]
fn every_frame_starts_the_idle_time_again() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let start = Instant::now();
        let talk = async {
            for (at, word) in [(500, "one"), (1000, "two"), (1500, "three")] {
                sleep_until(start + ms(at)).await;
                ping(&mut client, word.as_bytes()).await;
            }
            wait_for_close(&mut client, start).await
        };
        let ((ended, ended_at), closed_at) = tokio::join!(server(stream, start), talk);
        EXERCISE.check_eq(
            ended.ok(),
            Some(Ended::Idle { frames: 3 }),
            "Frames at 0.5 s, 1.0 s and 1.5 s, each within 1 s of the one before: \
             all three echoed, then the connection idles out. A single deadline \
             for the whole connection closes it at 1 s instead.",
        );
        EXERCISE.check_eq(
            (ended_at, closed_at),
            (ms(2500), ms(2500)),
            "The last frame came at 1.5 s, so the connection should close 1 s \
             later, at 2.5 s: restart the idle time after every frame, from the \
             moment the frame came (`Instant::now() + idle`), not from the deadline \
             it had before.",
        );
    });
}

#[test]
fn bytes_that_never_make_a_frame_do_not_keep_it_open() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let start = Instant::now();
        let talk = async {
            sleep_until(start + ms(200)).await;
            ping(&mut client, b"hello").await;
            // Then one byte every 300 ms: a frame that would take 3 s to arrive.
            for (i, byte) in frame(b"slowly").into_iter().enumerate() {
                sleep_until(start + ms(400 + 300 * i as u64)).await;
                if client.write_all(&[byte]).await.is_err() {
                    break; // closed by the server, as it should be
                }
            }
            wait_for_close(&mut client, start).await
        };
        let ((ended, ended_at), _) = tokio::join!(server(stream, start), talk);
        EXERCISE.check_eq(
            (ended.ok(), ended_at),
            (Some(Ended::Idle { frames: 1 }), ms(1200)),
            "One whole frame at 0.2 s, then bytes trickling in every 300 ms that \
             never complete a frame before the limit: the connection should close \
             1 s after the last WHOLE frame, at 1.2 s. Closing at 1 s means the frame \
             at 0.2 s did not start the idle time again; closing later means bytes \
             alone did, and then a slow client can hold a connection for ever.",
        );
    });
}

#[test]
fn a_peer_that_closes_ends_the_connection_at_once() {
    EXERCISE.run_paused(|| async {
        let (mut client, stream) = tokio::io::duplex(4096);
        let start = Instant::now();
        let talk = async {
            ping(&mut client, b"first").await;
            ping(&mut client, b"second").await;
            client.shutdown().await.unwrap();
            wait_for_close(&mut client, start).await
        };
        let ((ended, ended_at), _) = tokio::join!(server(stream, start), talk);
        EXERCISE.check_eq(
            (ended.ok(), ended_at),
            (Some(Ended::PeerClosed { frames: 2 }), Duration::ZERO),
            "Two frames, then the client closes its side: the server should return \
             `PeerClosed` after 2 frames at once, without waiting for the idle time.",
        );
    });
}

#[test]
fn a_peer_that_stops_reading_is_closed_too() {
    EXERCISE.run_paused(|| async {
        // 256 bytes each way: two echoes of 104 bytes fit, the third does not.
        let (mut client, stream) = tokio::io::duplex(256);
        let start = Instant::now();
        let talk = async {
            // Ten frames of 100 bytes at once, and not one echo read.
            for i in 0..10 {
                if client.write_all(&frame(&[i; 100])).await.is_err() {
                    break; // closed by the server, as it should be
                }
            }
        };
        let serving = async {
            let ended = timeout(LIMIT, serve(stream, IDLE)).await;
            (ended, start.elapsed())
        };
        let ((ended, ended_at), ()) = tokio::join!(serving, talk);
        let Ok(ended) = ended else {
            EXERCISE.fail(format_args!(
                "A client sent 10 frames and read none of the echoes: `serve` was still \
                 running after {LIMIT:?} of tokio's paused clock. Its echo waited for \
                 ever in `send`, for a reader that never came, and the idle timer was \
                 not running meanwhile. Race the `send` against the same timer: an echo \
                 nobody reads is idle time too."
            ))
        };
        EXERCISE.check(
            matches!(ended, Ok(Ended::Idle { frames }) if frames < 10),
            format_args!(
                "A client sent 10 frames and read none of the echoes: the server should \
                 give up with `Ended::Idle` while an echo waits to be written. Got \
                 {ended:?}."
            ),
        );
        EXERCISE.check_eq(
            ended_at,
            IDLE,
            "The frames all came at 0 s, and the client read nothing after: the \
             connection should close at the idle time of 1 s, while the echo it could \
             not write still waited.",
        );
    });
}
