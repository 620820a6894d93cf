//! Exercise `backpressure_echo`: an echo server that reads ahead while it writes,
//! batches its writes, and never holds more than a bounded number of frames.
//!
//! Test it: `cargo test -p lesson-09 --test backpressure_echo`

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use std::io;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio_util::codec::{FramedRead, FramedWrite, LengthDelimitedCodec};

// ANCHOR: stub
/// Echoes every frame read from `stream` back to it, in order, until the peer
/// closes its side; returns how many frames were echoed.
///
/// - Reading and writing go on at the same time: while an answer is being
///   written, the next requests are read, up to `queue` frames ahead.
/// - Never more than that: a client that sends and does not read must be made to
///   wait, not buffered without end.
/// - Answers that are ready together go out together: one flush for all the
///   frames waiting, not one per frame.
pub async fn echo<S>(stream: S, queue: usize) -> io::Result<u64>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // `tokio::io::split(stream)` gives a read half and a write half;
    // `FramedRead::new(read_half, LengthDelimitedCodec::new())` is a `Stream` of
    // frames (`StreamExt::next`), `FramedWrite::new(write_half, ...)` a `Sink`
    // (`SinkExt::feed` buffers a frame, `flush` writes out what is buffered,
    // `send` does both). Run the reading and the writing side by side with
    // `tokio::join!`; connect them with a channel of the right kind.
    todo!("echo frames, reading up to {queue} ahead")
}
// ANCHOR_END: stub
