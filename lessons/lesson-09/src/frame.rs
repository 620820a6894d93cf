//! The wire format every server and exercise of this lesson speaks: a frame is a
//! 4-byte big-endian length, then that many bytes of payload. It is the format of
//! tokio-util's `LengthDelimitedCodec` with its default settings, and the shape of
//! most binary protocols (PostgreSQL's messages carry a 4-byte length too).

use std::io::{self, IoSlice, Write};

/// The length prefix: a big-endian `u32`.
pub const HEADER_LEN: usize = 4;

/// One frame's bytes, header and payload, in one buffer (for clients and tests).
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(&header(payload.len()));
    bytes.extend_from_slice(payload);
    bytes
}

/// The length prefix of a payload of `len` bytes.
pub fn header(len: usize) -> [u8; HEADER_LEN] {
    u32::try_from(len)
        .expect("a frame's payload fits in a u32 length")
        .to_be_bytes()
}

// ANCHOR: vectored
/// Writes a header and a payload with as few system calls as possible, without
/// first copying them into one buffer: `write_vectored` hands the kernel both
/// slices at once (`writev`), the way asyncio's `transport.writelines` does.
///
/// A write may take only part of what it was given, so the slices are advanced
/// past what was written and the rest is written again.
pub fn write_frame_vectored(out: &mut impl Write, header: &[u8], payload: &[u8]) -> io::Result<()> {
    let mut slices = [IoSlice::new(header), IoSlice::new(payload)];
    let mut unwritten: &mut [IoSlice<'_>] = &mut slices;
    while !unwritten.is_empty() {
        match out.write_vectored(unwritten) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut unwritten, written),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}
// ANCHOR_END: vectored

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most `limit` bytes per call, and counts its calls.
    struct Stingy {
        written: Vec<u8>,
        limit: usize,
        calls: usize,
    }

    impl Write for Stingy {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.calls += 1;
            let n = buf.len().min(self.limit);
            self.written.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            self.calls += 1;
            let mut room = self.limit;
            for buf in bufs {
                let n = buf.len().min(room);
                self.written.extend_from_slice(&buf[..n]);
                room -= n;
            }
            Ok(self.limit - room)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_vectored_write_survives_partial_writes() {
        let payload = b"hello, vectored world";
        let mut out = Stingy {
            written: Vec::new(),
            limit: 3,
            calls: 0,
        };
        write_frame_vectored(&mut out, &header(payload.len()), payload).unwrap();
        assert_eq!(out.written, frame(payload));
        assert_eq!(out.calls, (HEADER_LEN + payload.len()).div_ceil(3));

        let mut out = Stingy {
            written: Vec::new(),
            limit: usize::MAX,
            calls: 0,
        };
        write_frame_vectored(&mut out, &header(payload.len()), payload).unwrap();
        assert_eq!((out.written, out.calls), (frame(payload), 1));
    }
}
