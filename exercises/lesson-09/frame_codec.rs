//! Exercise `frame_codec`: a `Decoder` and an `Encoder` for length-prefixed frames
//! (a 4-byte big-endian length, then the payload).
//!
//! Test it: `cargo test -p lesson-09 --test frame_codec`

use crate::frame::HEADER_LEN;
use bytes::{Buf, BufMut, BytesMut};
use std::io;
use tokio_util::codec::{Decoder, Encoder};

// ANCHOR: stub
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

    /// `src` holds the bytes read so far and not yet decoded: maybe half a
    /// header, maybe three frames and a bit. Return `Ok(Some(payload))` for one
    /// whole frame, removing its bytes (header and payload) from `src`; return
    /// `Ok(None)` if the frame is not all there yet, and then leave `src` as it
    /// was: `Framed` reads more bytes onto its end and calls you again.
    ///
    /// A header announcing more than `max_len` bytes is an error
    /// (`io::ErrorKind::InvalidData`) at once: don't wait for the payload.
    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<BytesMut>, io::Error> {
        // Useful: `src.len()`, `src.first_chunk::<HEADER_LEN>()`,
        // `u32::from_be_bytes`, `src.advance(n)` (drop n bytes from the front),
        // `src.split_to(n)` (take the first n bytes, without copying).
        todo!("decode one frame from {} buffered bytes", src.len())
    }
}

impl Encoder<&[u8]> for FrameCodec {
    type Error = io::Error;

    /// Appends one frame to `dst`: the payload's length as a big-endian `u32`,
    /// then the payload. A payload longer than `max_len` is an error.
    fn encode(&mut self, payload: &[u8], dst: &mut BytesMut) -> Result<(), io::Error> {
        // Useful: `dst.put_u32(n)` (big-endian), `dst.put_slice(bytes)`.
        todo!(
            "encode a frame of {} bytes after {} bytes",
            payload.len(),
            dst.len()
        )
    }
}
// ANCHOR_END: stub
