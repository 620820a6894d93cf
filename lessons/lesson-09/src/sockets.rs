//! One echo protocol, three ways to write its server with tokio: raw socket calls,
//! buffered streams, and a codec. They are the three APIs of Selivanov's talk,
//! `loop.sock_*`, streams, and a protocol with its own framing, in Rust.
//!
//! All three speak the frames of [`crate::frame`]: a 4-byte length, then the
//! payload. The raw server does not even look at them; it returns the bytes it
//! reads, which returns the frames too.

use crate::frame::HEADER_LEN;
use bytes::Bytes;
use futures_util::{FutureExt, SinkExt, StreamExt};
use std::io;
use std::net::SocketAddr;
use std::thread;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

/// The largest payload the servers accept: more than any test or demo sends.
pub const MAX_PAYLOAD: usize = 1 << 20;

// ANCHOR: raw
/// Raw socket calls: read what has arrived, write it back. The same as
/// `await loop.sock_recv(...)` then `await loop.sock_sendall(...)`.
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
/// Buffered streams: read one whole frame with `read_u32` and `read_exact`, the
/// way asyncio's `StreamReader.readexactly` would, and answer through a
/// `BufWriter`. Easy to write, generic, and it allocates a `Vec` per message.
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
/// A codec: `Framed` owns the socket and two `BytesMut` buffers; the codec cuts
/// frames out of the read buffer without copying them, and the server deals in
/// whole frames only. That is Selivanov's strategy #1: a streaming abstraction
/// made for the protocol, used with async/await.
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

/// Which of the three servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Raw,
    Buffered,
    Codec,
}

impl Style {
    pub const ALL: [Style; 3] = [Style::Raw, Style::Buffered, Style::Codec];

    pub fn name(self) -> &'static str {
        match self {
            Style::Raw => "raw socket calls",
            Style::Buffered => "buffered streams",
            Style::Codec => "codec (Framed)",
        }
    }
}

// ANCHOR: serve
/// Accepts connections forever, one task each, all on the current thread.
pub async fn serve(listener: TcpListener, style: Style) -> io::Result<()> {
    loop {
        let (stream, _peer) = listener.accept().await?;
        // Send small answers at once instead of waiting to fill a packet
        // (Nagle's algorithm; see "Socket options" in the chapter).
        stream.set_nodelay(true)?;
        tokio::spawn(async move {
            let served = match style {
                Style::Raw => echo_raw(stream).await,
                Style::Buffered => echo_buffered(stream).await,
                Style::Codec => echo_codec(stream).await,
            };
            // A client that goes away mid-frame is its own problem, not the server's.
            let _ = served;
        });
    }
}
// ANCHOR_END: serve

/// Starts a server of `style` on 127.0.0.1, on its own thread with a
/// current-thread runtime (one loop, one thread, like asyncio's), and returns its
/// address. The thread serves until the process ends.
pub fn spawn_server(style: Style) -> io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    thread::Builder::new()
        .name(format!("echo server ({})", style.name()))
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
                .expect("a tokio runtime for the echo server");
            let _ = runtime.block_on(async {
                let listener = TcpListener::from_std(listener)?;
                serve(listener, style).await
            });
        })?;
    Ok(addr)
}

/// Sends `payload` as one frame on a blocking socket and reads the echo back.
pub fn round_trip(stream: &mut std::net::TcpStream, payload: &[u8]) -> io::Result<Vec<u8>> {
    use std::io::{Read, Write};
    stream.write_all(&crate::frame::frame(payload))?;
    let mut reply = vec![0; HEADER_LEN + payload.len()];
    stream.read_exact(&mut reply)?;
    Ok(reply.split_off(HEADER_LEN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn every_style_echoes_frames() {
        for style in Style::ALL {
            let addr = spawn_server(style).unwrap();
            let mut client = std::net::TcpStream::connect(addr).unwrap();
            for size in [0, 1, 1000, 100 * 1024] {
                let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
                assert_eq!(
                    round_trip(&mut client, &payload).unwrap(),
                    payload,
                    "{style:?}, {size} bytes"
                );
            }
            // Three frames in one write come back as three frames, in order.
            let mut three = Vec::new();
            for word in [&b"one"[..], b"two", b"three"] {
                three.extend(crate::frame::frame(word));
            }
            client.write_all(&three).unwrap();
            let mut back = vec![0; three.len()];
            client.read_exact(&mut back).unwrap();
            assert_eq!(back, three, "{style:?}");
        }
    }
}
