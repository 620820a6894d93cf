// Wrong: an unbounded channel, so that the reader never has to wait for the writer
// Caught by a_client_that_does_not_read_is_held_back: "with an unbounded queue"
// Draws: "peak 1992"
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

/// Echoes every frame read from `stream` back to it, in order, until the peer
/// closes its side; returns how many frames were echoed.
pub async fn echo<S>(stream: S, queue: usize) -> io::Result<u64>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (read_half, write_half) = tokio::io::split(stream);
    let mut requests = FramedRead::new(read_half, LengthDelimitedCodec::new());
    let mut answers = FramedWrite::new(write_half, LengthDelimitedCodec::new());
    let (to_writer, mut from_reader) = mpsc::unbounded_channel::<Bytes>();

    let reader = async move {
        while let Some(frame) = requests.next().await {
            if to_writer.send(frame?.freeze()).is_err() {
                break;
            }
        }
        Ok::<(), io::Error>(())
    };

    let writer = async move {
        let mut echoed = 0;
        while let Some(frame) = from_reader.recv().await {
            answers.feed(frame).await?;
            echoed += 1;
            while let Ok(frame) = from_reader.try_recv() {
                answers.feed(frame).await?;
                echoed += 1;
            }
            SinkExt::<Bytes>::flush(&mut answers).await?;
        }
        Ok::<u64, io::Error>(echoed)
    };

    let (read, written) = tokio::join!(reader, writer);
    read?;
    written
}
