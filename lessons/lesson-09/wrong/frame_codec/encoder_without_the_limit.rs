// Wrong: the limit protects the decoder from giant frames; what I send is my business
// Caught by a_frame_too_long_is_refused_from_its_header: "Encoding a payload longer than the limit should be an error too"
//! Exercise `frame_codec`: a `Decoder` and an `Encoder` for length-prefixed frames
//! (a 4-byte big-endian length, then the payload).
//!
//! Test it: `cargo test -p lesson-09 --test frame_codec`

use crate::frame::HEADER_LEN;
use bytes::{Buf, BufMut, BytesMut};
use std::io;
use tokio_util::codec::{Decoder, Encoder};

/// Cuts frames out of a byte stream, and puts them in.
#[derive(Debug, Clone)]
pub struct FrameCodec {
    /// The longest payload accepted, in either direction.
    max_len: usize,
}

impl FrameCodec {
    pub fn new(max_len: usize) -> FrameCodec {
        FrameCodec { max_len }
    }
}

impl Decoder for FrameCodec {
    type Item = BytesMut;
    type Error = io::Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<BytesMut>, io::Error> {
        let Some(header) = src.first_chunk::<HEADER_LEN>() else {
            return Ok(None);
        };
        let len = u32::from_be_bytes(*header) as usize;
        if len > self.max_len {
            return Err(too_long(len, self.max_len));
        }
        if src.len() < HEADER_LEN + len {
            return Ok(None);
        }
        src.advance(HEADER_LEN);
        Ok(Some(src.split_to(len)))
    }
}

impl Encoder<&[u8]> for FrameCodec {
    type Error = io::Error;

    fn encode(&mut self, payload: &[u8], dst: &mut BytesMut) -> Result<(), io::Error> {
        dst.reserve(HEADER_LEN + payload.len());
        dst.put_u32(payload.len() as u32);
        dst.put_slice(payload);
        Ok(())
    }
}

fn too_long(len: usize, max_len: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("a frame of {len} bytes is longer than the limit of {max_len}"),
    )
}
