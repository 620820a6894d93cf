//! Checks for the `frame_codec` exercise: `exercises/lesson-09/frame_codec.rs`.
//!
//! A socket hands over bytes in whatever pieces the network made: half a header,
//! or three frames and a bit. The checks feed the decoder both, and run it under
//! `Framed` through a pipe so small that every frame arrives in pieces.

use bytes::BytesMut;
use futures_util::{SinkExt, StreamExt};
use kit::exercise::Exercise;
use lesson_09::frame::frame;
use lesson_09::frame_codec::FrameCodec;
use std::io;
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

/// Decodes one frame, as text (every payload here is ASCII, and reads better so).
fn decode(codec: &mut FrameCodec, buffer: &mut BytesMut) -> Option<String> {
    match codec.decode(buffer) {
        Ok(frame) => frame.map(|frame| String::from_utf8_lossy(&frame).into_owned()),
        Err(error) => EXERCISE.fail(format_args!(
            "decode returned an error on a valid frame: {error}"
        )),
    }
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
        let mut codec = FrameCodec::new(1024);
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
        let mut codec = FrameCodec::new(1024);
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
        let mut receiver = Framed::new(far, FrameCodec::new(1 << 16));
        let payloads: Vec<Vec<u8>> = (0..50).map(|i| vec![i as u8; i * 37 % 300]).collect();
        let send_all = async {
            for payload in &payloads {
                sender.send(&payload[..]).await?;
            }
            sender.close().await
        };
        let receive_all = async {
            let mut got = Vec::new();
            while let Some(frame) = receiver.next().await {
                got.push(frame?.to_vec());
            }
            Ok::<_, io::Error>(got)
        };
        let (sent, received) = tokio::join!(send_all, receive_all);
        sent.unwrap();
        EXERCISE.check_eq(
            received.unwrap(),
            payloads,
            "50 frames of 0 to 299 bytes through a pipe that holds 7 bytes at a time, \
             with your codec at both ends, should arrive whole and in order.",
        );
    });
}
