// Wrong: encode the answers into one buffer and write it to the socket in one call, as sock.send does
// Caught by a_client_that_does_not_read_is_held_back: "A `write` may take only part"
//! Exercise `backpressure_echo`: an echo server that reads ahead while it writes,
//! batches its writes, and never holds more than a bounded number of frames.
//!
//! Test it: `cargo test -p lesson-09 --test backpressure_echo`

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use std::io;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio_util::codec::{Encoder, FramedRead, LengthDelimitedCodec};

/// Echoes every frame read from `stream` back to it, in order, until the peer
/// closes its side; returns how many frames were echoed.
pub async fn echo<S>(stream: S, queue: usize) -> io::Result<u64>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let (read_half, mut write_half) = tokio::io::split(stream);
    let mut requests = FramedRead::new(read_half, LengthDelimitedCodec::new());
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
        let mut codec = LengthDelimitedCodec::new();
        let mut out = BytesMut::new();
        let mut echoed = 0;
        while let Some(frame) = from_reader.recv().await {
            codec.encode(frame, &mut out)?;
            echoed += 1;
            while let Ok(frame) = from_reader.try_recv() {
                codec.encode(frame, &mut out)?;
                echoed += 1;
            }
            if write_half.write(&out).await? == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            out.clear();
        }
        write_half.flush().await?;
        Ok::<u64, io::Error>(echoed)
    };

    let (read, written) = tokio::join!(reader, writer);
    read?;
    written
}
