//! Checks for the `frame_codec` exercise: `exercises/lesson-09/frame_codec.rs`.
//!
//! A socket hands over bytes in whatever pieces the network made: half a header,
//! or three frames and a bit. The checks feed the decoder both, and run it under
//! `Framed` through a pipe so small that every frame arrives in pieces.

use bytes::BytesMut;
use futures_util::{SinkExt, StreamExt};
use kit::exercise::Exercise;
use lesson_09::frame::{HEADER_LEN, frame};
use lesson_09::frame_codec::FrameCodec;
use std::any::Any;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use tokio_util::codec::{Decoder, Encoder, Framed};

const EXERCISE: Exercise = Exercise::new("frame_codec", "exercises/lesson-09/frame_codec.rs");

const PAYLOADS: [&[u8]; 4] = [
    b"hello",
    b"",
    b"a longer frame, of forty-two bytes in all!",
    b"!",
];

/// All of `PAYLOADS` as frames, one after another.
fn stream_of_frames() -> Vec<u8> {
    PAYLOADS.iter().flat_map(|payload| frame(payload)).collect()
}

/// Your codec, with every call of `decode` checked against its contract with
/// `Framed`: `None` leaves the buffer as it was, a frame takes its bytes out of it,
/// and (every frame in these tests being valid) no errors and no panics.
struct Checked(FrameCodec);

impl Decoder for Checked {
    type Item = BytesMut;
    type Error = io::Error;

    fn decode(&mut self, buffer: &mut BytesMut) -> Result<Option<BytesMut>, io::Error> {
        let before = buffer.clone();
        let decoded = panic::catch_unwind(AssertUnwindSafe(|| self.0.decode(buffer)));
        match decoded {
            // A `todo!()` left: the exercise's runner says so.
            Err(panic) if message(&*panic).starts_with("not yet implemented") => {
                panic::resume_unwind(panic)
            }
            Err(panic) => EXERCISE.fail(format_args!(
                "decode panicked ({}) with {} bytes in the buffer: {before:?}. `decode` \
                 is called with whatever has arrived so far, often part of a frame: \
                 check that the whole frame is there before taking it (`split_to(n)` \
                 panics when the buffer holds fewer than n bytes), and return \
                 `Ok(None)` until it is.",
                message(&*panic),
                before.len(),
            )),
            Ok(Err(error)) => EXERCISE.fail(format_args!(
                "decode returned an error on a valid frame: {error}. The buffer held \
                 {before:?}; a frame's first 4 bytes are its length, big-endian \
                 (`u32::from_be_bytes`)."
            )),
            Ok(Ok(None)) => {
                if *buffer != before {
                    EXERCISE.fail(format_args!(
                        "decode returned `None` (not a whole frame yet) but changed the \
                         buffer: it held {before:?}, and now {buffer:?}. `Framed` appends \
                         the next bytes to what you leave and calls `decode` again: take \
                         nothing (the header included) until the whole frame is there."
                    ));
                }
                Ok(None)
            }
            Ok(Ok(Some(frame))) => {
                if buffer.len() >= before.len() {
                    EXERCISE.fail(format_args!(
                        "decode returned the frame {frame:?} but took nothing out of the \
                         buffer: the next call finds the same frame again, and again, \
                         for ever. Remove the frame's bytes, header and payload, from \
                         `src` (`src.advance(n)`, `src.split_to(n)`)."
                    ));
                }
                let announced = before
                    .first_chunk::<HEADER_LEN>()
                    .map(|header| u32::from_be_bytes(*header) as usize);
                let taken = before.len() - buffer.len();
                if announced != Some(frame.len()) || taken != HEADER_LEN + frame.len() {
                    let announced = match announced {
                        Some(len) => format!("{len} bytes"),
                        None => "nothing: it was not even a whole header".to_owned(),
                    };
                    EXERCISE.fail(format_args!(
                        "decode returned a frame of {} bytes and took {taken} bytes out of \
                         the buffer {before:?}, whose header announced {announced}. \
                         A frame is its {HEADER_LEN}-byte header and exactly the \
                         bytes it announces; what follows is the start of the next frame \
                         (one read can bring several), and must stay in the buffer.",
                        frame.len()
                    ));
                }
                Ok(Some(frame))
            }
        }
    }
}

impl Encoder<&[u8]> for Checked {
    type Error = io::Error;

    fn encode(&mut self, payload: &[u8], dst: &mut BytesMut) -> Result<(), io::Error> {
        self.0.encode(payload, dst)
    }
}

/// Decodes one frame through [`Checked`], as text (every payload here is ASCII,
/// and reads better so).
fn decode(codec: &mut Checked, buffer: &mut BytesMut) -> Option<String> {
    let frame = codec.decode(buffer).expect("Checked fails on errors");
    frame.map(|frame| String::from_utf8_lossy(&frame).into_owned())
}

fn message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message")
}

#[test]
fn encodes_a_length_then_the_payload() {
    EXERCISE.run(|| {
        let mut codec = FrameCodec::new(1024);
        let mut out = BytesMut::new();
        codec.encode(&b"hi"[..], &mut out).unwrap();
        codec.encode(&b""[..], &mut out).unwrap();
        EXERCISE.check_eq(
            out.to_vec(),
            vec![0, 0, 0, 2, b'h', b'i', 0, 0, 0, 0],
            "Encoding \"hi\" then an empty payload appends two frames: a 4-byte \
             big-endian length (0 0 0 2), the payload, then (0 0 0 0) and nothing.",
        );
    });
}

#[test]
fn one_byte_at_a_time() {
    EXERCISE.run(|| {
        let mut codec = Checked(FrameCodec::new(1024));
        let bytes = stream_of_frames();
        let mut buffer = BytesMut::new();
        let mut decoded = Vec::new();
        let mut completed_at = Vec::new();
        for (i, byte) in bytes.iter().enumerate() {
            buffer.extend_from_slice(&[*byte]);
            while let Some(frame) = decode(&mut codec, &mut buffer) {
                decoded.push(frame);
                completed_at.push(i + 1);
            }
        }
        EXERCISE.check_eq(
            decoded,
            PAYLOADS
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .to_vec(),
            "Fed one byte at a time, the decoder should return each payload once, \
             when its last byte arrives, and `None` before that. A decoder that \
             removes the header before the payload is complete loses it: leave \
             `src` untouched when you return `Ok(None)`.",
        );
        EXERCISE.check_eq(
            completed_at,
            vec![9, 13, 59, 64],
            "Each frame should come out exactly when its last byte is in (after \
             bytes 9, 13, 59 and 64 of the stream), not later. The empty frame is \
             whole as soon as its 4-byte header is: it is not \"incomplete\".",
        );
        EXERCISE.check(
            buffer.is_empty(),
            "After the last frame, nothing should be left in the buffer.",
        );
    });
}

#[test]
fn several_frames_in_one_read() {
    EXERCISE.run(|| {
        let mut codec = Checked(FrameCodec::new(1024));
        let mut buffer = BytesMut::from(&stream_of_frames()[..]);
        // And the first 6 bytes of one more frame.
        buffer.extend_from_slice(&frame(b"unfinished")[..6]);
        let mut decoded = Vec::new();
        while let Some(frame) = decode(&mut codec, &mut buffer) {
            decoded.push(frame);
        }
        EXERCISE.check_eq(
            decoded,
            PAYLOADS
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .to_vec(),
            "One read can bring several frames: each `decode` call should return the \
             next one, and `None` once only part of a frame is left.",
        );
        EXERCISE.check_eq(
            buffer.to_vec(),
            frame(b"unfinished")[..6].to_vec(),
            "The 6 bytes of the unfinished frame (its header and 2 bytes) must stay \
             in the buffer, untouched, for the next call.",
        );
    });
}

#[test]
fn a_frame_too_long_is_refused_from_its_header() {
    EXERCISE.run(|| {
        let mut codec = FrameCodec::new(16);
        let mut buffer = BytesMut::from(&frame(&[7; 17])[..5]);
        match codec.decode(&mut buffer) {
            Err(error) => EXERCISE.check_eq(
                error.kind(),
                io::ErrorKind::InvalidData,
                "A frame longer than the limit is invalid data.",
            ),
            Ok(got) => EXERCISE.fail(format_args!(
                "With a limit of 16 bytes, a header announcing 17 should be an error at \
                 once, before the payload arrives (a peer could announce 4 GiB and make \
                 you buffer it). Got Ok({got:?})."
            )),
        }
        let mut out = BytesMut::new();
        EXERCISE.check(
            codec.encode(&[7; 17][..], &mut out).is_err(),
            "Encoding a payload longer than the limit should be an error too: the \
             peer would refuse it.",
        );
        EXERCISE.check(
            codec.encode(&[7; 16][..], &mut out).is_ok(),
            "A payload of exactly the limit is allowed.",
        );
    });
}

#[test]
fn frames_survive_a_tiny_pipe() {
    EXERCISE.run_async(|| async {
        // 7 bytes of buffer each way: every frame arrives in several reads.
        let (near, far) = tokio::io::duplex(7);
        let mut sender = Framed::new(near, FrameCodec::new(1 << 16));
        let mut receiver = Framed::new(far, Checked(FrameCodec::new(1 << 16)));
        let payloads: Vec<Vec<u8>> = (0..50).map(|i| vec![i as u8; i * 37 % 300]).collect();
        let send_all = async {
            for payload in &payloads {
                sender.send(&payload[..]).await?;
            }
            sender.close().await
        };
        // The receiver moves in, so that it closes its end of the pipe when it stops,
        // early or not: a sender blocked on a full pipe then fails instead of waiting
        // for ever.
        let receive_all = async move {
            let mut got = Vec::new();
            while let Some(frame) = receiver.next().await {
                got.push(frame?.to_vec());
                if got.len() > 50 {
                    break; // more frames than were sent
                }
            }
            Ok::<_, io::Error>(got)
        };
        let (sent, received) = tokio::join!(send_all, receive_all);
        let received = received.unwrap_or_else(|error| {
            EXERCISE.fail(format_args!(
                "receiving the frames failed: {error}. (\"bytes remaining on stream\" \
                 means the stream ended in the middle of a frame, as `decode` saw it.)"
            ))
        });
        EXERCISE.check(
            received.len() <= payloads.len(),
            format_args!(
                "{} frames were sent through a pipe of 7 bytes, and more than that came \
                 out of it: does `decode` take each frame's bytes out of `src`?",
                payloads.len()
            ),
        );
        if let Err(error) = sent {
            EXERCISE.fail(format_args!(
                "sending the frames failed: {error}, after {} of {} frames had arrived.",
                received.len(),
                payloads.len()
            ));
        }
        EXERCISE.check_eq(
            received,
            payloads,
            "50 frames of 0 to 299 bytes through a pipe that holds 7 bytes at a time, \
             with your codec at both ends, should arrive whole and in order.",
        );
    });
}
