//! The echo servers of [`crate::sockets`] as they were first written, kept to measure
//! what each change made since bought: `echo_bench --first-drafts` runs them beside
//! the tuned ones. Same frames, same results; more system calls, copies and
//! allocations per message.

use crate::sockets::MAX_PAYLOAD;
use bytes::Bytes;
use futures_util::{FutureExt, SinkExt, StreamExt};
use std::io;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::TcpStream;
use tokio_util::codec::{Framed, LengthDelimitedCodec};

// ANCHOR: raw
/// Raw socket calls with a 64 KiB buffer: a 100 KiB message takes two reads or more,
/// and as many writes.
pub async fn echo_raw(mut stream: TcpStream) -> io::Result<()> {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(()); // the client closed its side
        }
        stream.write_all(&buffer[..n]).await?;
    }
}
// ANCHOR_END: raw

// ANCHOR: buffered
/// Buffered streams, allocating a `Vec` per message and writing the header and the
/// payload with two calls: with a payload as big as `BufWriter`'s 8 KiB or bigger,
/// the 4-byte header is flushed on its own, then the payload goes straight through.
/// Two writes, two packets.
pub async fn echo_buffered(stream: TcpStream) -> io::Result<()> {
    let (read_half, write_half) = stream.into_split();
    let mut reader = BufReader::new(read_half);
    let mut writer = BufWriter::new(write_half);
    loop {
        let len = match reader.read_u32().await {
            Ok(len) => len as usize,
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(error) => return Err(error),
        };
        if len > MAX_PAYLOAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too long"));
        }
        let mut payload = vec![0; len];
        reader.read_exact(&mut payload).await?;
        writer.write_all(&(len as u32).to_be_bytes()).await?;
        writer.write_all(&payload).await?;
        // Flush only when no other request is already waiting in the read
        // buffer: a client that sends several frames at once gets one write back.
        if reader.buffer().is_empty() {
            writer.flush().await?;
        }
    }
}
// ANCHOR_END: buffered

// ANCHOR: codec
/// A codec on `Framed`, both ways: `feed` encodes each answer into the write buffer,
/// a copy of its payload, so that a batch leaves in one write; and the read buffer,
/// 8 KiB to start with, takes a 10 KiB message in two reads.
pub async fn echo_codec(stream: TcpStream) -> io::Result<()> {
    let codec = LengthDelimitedCodec::builder()
        .max_frame_length(MAX_PAYLOAD)
        .new_codec();
    let mut frames = Framed::new(stream, codec);
    while let Some(frame) = frames.next().await {
        // `frame` is a `BytesMut` cut from the read buffer; `freeze` makes it a
        // `Bytes` to send back. `feed` encodes it into the write buffer (one copy)
        // without writing to the socket yet.
        frames.feed(frame?.freeze()).await?;
        // Answer every frame that has already arrived the same way, and only then
        // write them all with one flush: a client that pipelines gets one write back.
        while let Some(Some(frame)) = frames.next().now_or_never() {
            frames.feed(frame?.freeze()).await?;
        }
        SinkExt::<Bytes>::flush(&mut frames).await?;
    }
    Ok(())
}
// ANCHOR_END: codec
