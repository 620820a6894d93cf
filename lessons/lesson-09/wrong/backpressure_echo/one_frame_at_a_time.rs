// Wrong: read a frame, write its echo, repeat: awaiting the write is all the backpressure needed
// Caught by a_client_that_does_not_read_is_held_back: "Does it read and write one frame at a time?"
// Draws: "peak 8"
//! Exercise `backpressure_echo`: an echo server that reads ahead while it writes,
//! batches its writes, and never holds more than a bounded number of frames.
//!
//! Test it: `cargo test -p lesson-09 --test backpressure_echo`

use futures_util::{SinkExt, StreamExt};
use std::io;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::{FramedRead, FramedWrite, LengthDelimitedCodec};

/// Echoes every frame read from `stream` back to it, in order, until the peer
/// closes its side; returns how many frames were echoed.
pub async fn echo<S>(stream: S, queue: usize) -> io::Result<u64>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (read_half, write_half) = tokio::io::split(stream);
    let mut requests = FramedRead::new(read_half, LengthDelimitedCodec::new());
    let mut answers = FramedWrite::new(write_half, LengthDelimitedCodec::new());
    let mut echoed = 0;
    while let Some(frame) = requests.next().await {
        answers.send(frame?.freeze()).await?;
        echoed += 1;
    }
    Ok(echoed)
}
