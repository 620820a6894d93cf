// Wrong: like await reader() then await writer(): first read everything, then write it back
// Caught by echoes_every_frame_in_order: "not one after the other"
// Draws: "[xx[x"
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
    let (to_writer, mut from_reader) = mpsc::channel::<Bytes>(queue);

    let reader = async move {
        while let Some(frame) = requests.next().await {
            if to_writer.send(frame?.freeze()).await.is_err() {
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

    reader.await?;
    writer.await
}
