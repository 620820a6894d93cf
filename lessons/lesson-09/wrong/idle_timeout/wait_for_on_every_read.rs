// Wrong: like asyncio.wait_for(reader.read(), idle): a timeout around every read of the socket
// Caught by bytes_that_never_make_a_frame_do_not_keep_it_open: "closing later means bytes alone did"
// Draws: "open past idle time"
//! Exercise `idle_timeout`: a timeout built into the protocol. The server closes
//! a connection on which no whole frame has arrived for `idle`.
//!
//! Test it: `cargo test -p lesson-09 --test idle_timeout`

use bytes::BytesMut;
use std::io;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::timeout;
use tokio_util::codec::{Decoder, Encoder, LengthDelimitedCodec};

/// How a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The peer closed its side, after `frames` frames were echoed.
    PeerClosed { frames: u64 },
    /// No whole frame arrived for the idle time, after `frames` frames were echoed.
    Idle { frames: u64 },
}

/// Echoes frames until the peer closes its side, or until `idle` passes without
/// a whole frame arriving; then returns, which closes the connection.
pub async fn serve<S>(stream: S, idle: Duration) -> io::Result<Ended>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut stream = stream;
    let mut codec = LengthDelimitedCodec::new();
    let mut received = BytesMut::new();
    let mut echoed = 0;
    loop {
        while let Some(frame) = codec.decode(&mut received)? {
            let mut echo = BytesMut::new();
            codec.encode(frame.freeze(), &mut echo)?;
            match timeout(idle, stream.write_all(&echo)).await {
                Ok(written) => written?,
                Err(_) => return Ok(Ended::Idle { frames: echoed }),
            }
            echoed += 1;
        }
        match timeout(idle, stream.read_buf(&mut received)).await {
            Err(_) => return Ok(Ended::Idle { frames: echoed }),
            Ok(read) => {
                if read? == 0 {
                    return Ok(Ended::PeerClosed { frames: echoed });
                }
            }
        }
    }
}
