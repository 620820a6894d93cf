//! One echo protocol, three ways to write its server with tokio: raw socket calls,
//! buffered streams, and a codec. They are the three APIs of Selivanov's talk,
//! `loop.sock_*`, streams, and a protocol with its own framing, in Rust.
//!
//! All three speak the frames of [`crate::frame`]: a 4-byte length, then the
//! payload. The raw server does not even look at them; it returns the bytes it
//! reads, which returns the frames too.

use crate::first_draft;
use crate::frame::{HEADER_LEN, header};
use bytes::Buf;
use futures_util::StreamExt;
use std::io;
use std::net::SocketAddr;
use std::thread;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::{FramedRead, LengthDelimitedCodec};

/// The largest payload the servers accept: more than any test or demo sends.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// Room for a whole message of the benchmark in one read. uvloop reads every
/// connection into one buffer of 256,000 bytes per loop; with 64 KiB, a 100 KiB
/// message needs at least two reads, and two writes to answer it.
pub const READ_BUFFER: usize = 256 * 1024;

// ANCHOR: raw
/// Raw socket calls: read what has arrived, write it back. The same as
/// `await loop.sock_recv(...)` then `await loop.sock_sendall(...)`.
pub async fn echo_raw(mut stream: TcpStream) -> io::Result<()> {
    let mut buffer = vec![0; READ_BUFFER];
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
/// `BufWriter`.
pub async fn echo_buffered(stream: TcpStream) -> io::Result<()> {
    let (read_half, write_half) = stream.into_split();
    let mut reader = BufReader::new(read_half);
    let mut writer = BufWriter::new(write_half);
    // One payload buffer for the connection, not a new `Vec` per message.
    let mut payload = Vec::new();
    loop {
        let len = match reader.read_u32().await {
            Ok(len) => len as usize,
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(error) => return Err(error),
        };
        if len > MAX_PAYLOAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too long"));
        }
        payload.resize(len, 0);
        // Once `BufReader`'s 8 KiB are used up, a read as big as its buffer goes
        // straight into `payload`, without passing through it.
        reader.read_exact(&mut payload).await?;
        // Header and payload as one write: `BufWriter` copies a small frame into its
        // buffer, and hands a frame bigger than the buffer to the socket as both
        // slices in one vectored write (`writev`), with no copy.
        let header = header(len);
        writer
            .write_all_buf(&mut Buf::chain(&header[..], &payload[..]))
            .await?;
        // Flush only when no other request is already waiting in the read
        // buffer: a client that sends several frames at once gets one write back.
        if reader.buffer().is_empty() {
            writer.flush().await?;
        }
    }
}
// ANCHOR_END: buffered

// ANCHOR: codec
/// A codec: `FramedRead` owns the read half and a `BytesMut` buffer; the codec
/// cuts whole frames out of it without copying, and the server deals in whole
/// frames only. That is Selivanov's strategy #1: a streaming abstraction made for
/// the protocol, used with async/await. Each answer leaves in one vectored write,
/// header and payload straight from the read buffer.
pub async fn echo_codec(stream: TcpStream) -> io::Result<()> {
    let codec = LengthDelimitedCodec::builder()
        .max_frame_length(MAX_PAYLOAD)
        .new_codec();
    let (read_half, mut write_half) = stream.into_split();
    let mut frames = FramedRead::with_capacity(read_half, codec, READ_BUFFER);
    while let Some(frame) = frames.next().await {
        // `frame` is a `BytesMut` cut from the read buffer: its bytes are still
        // there, shared, until it is dropped.
        let frame = frame?;
        let header = header(frame.len());
        write_half
            .write_all_buf(&mut Buf::chain(&header[..], &frame[..]))
            .await?;
        drop(frame);
        // Room for a whole message before the next read. The frame is gone, so the
        // buffer is its only owner again and `reserve` reuses it from the start
        // instead of allocating; without this, each read gets what is left at the
        // end of the buffer, which can be less than a whole message.
        frames.read_buffer_mut().reserve(READ_BUFFER);
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
    /// One of the three as first written ([`crate::first_draft`]).
    FirstDraft(Draft),
}

/// The first drafts of the three servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    Raw,
    Buffered,
    Codec,
}

impl Style {
    pub const ALL: [Style; 3] = [Style::Raw, Style::Buffered, Style::Codec];
    pub const FIRST_DRAFTS: [Style; 3] = [
        Style::FirstDraft(Draft::Raw),
        Style::FirstDraft(Draft::Buffered),
        Style::FirstDraft(Draft::Codec),
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Raw => "raw socket calls",
            Style::Buffered => "buffered streams",
            Style::Codec => "codec",
            Style::FirstDraft(Draft::Raw) => "raw, first draft",
            Style::FirstDraft(Draft::Buffered) => "buffered, first draft",
            Style::FirstDraft(Draft::Codec) => "codec, first draft",
        }
    }

    /// Serves one connection in this style.
    pub async fn echo(self, stream: TcpStream) -> io::Result<()> {
        match self {
            Style::Raw => echo_raw(stream).await,
            Style::Buffered => echo_buffered(stream).await,
            Style::Codec => echo_codec(stream).await,
            Style::FirstDraft(Draft::Raw) => first_draft::echo_raw(stream).await,
            Style::FirstDraft(Draft::Buffered) => first_draft::echo_buffered(stream).await,
            Style::FirstDraft(Draft::Codec) => first_draft::echo_codec(stream).await,
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
            // A client that goes away mid-frame is its own problem, not the server's.
            let _ = style.echo(stream).await;
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
        for style in Style::ALL.into_iter().chain(Style::FIRST_DRAFTS) {
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
