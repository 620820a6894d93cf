//! Exercise `idle_timeout`: a timeout built into the protocol. The server closes
//! a connection on which no whole frame has arrived for `idle`.
//!
//! Test it: `cargo test -p lesson-09 --test idle_timeout`

use futures_util::{SinkExt, StreamExt};
use std::io;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::{Instant, sleep};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

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
///
/// Every whole frame starts the idle time again. Bytes alone do not: a client
/// that sends a frame one byte at a time, slowly, must not keep the connection
/// open for ever. Nor does a client that stops reading: while an echo waits to
/// be written, the idle time runs on.
pub async fn serve<S>(stream: S, idle: Duration) -> io::Result<Ended>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut frames = Framed::new(stream, LengthDelimitedCodec::new());
    let mut echoed = 0;
    // One timer for the whole connection, moved forward on every frame: the
    // `loop.call_later` of Selivanov's slide, not a fresh `wait_for` per read.
    let deadline = sleep(idle);
    tokio::pin!(deadline);
    loop {
        let frame = tokio::select! {
            frame = frames.next() => frame,
            () = &mut deadline => return Ok(Ended::Idle { frames: echoed }),
        };
        let Some(frame) = frame else {
            return Ok(Ended::PeerClosed { frames: echoed });
        };
        deadline.as_mut().reset(Instant::now() + idle);
        // The echo waits as long as the peer does not read: race it against the
        // same timer, or a peer that stops reading holds the connection for ever.
        tokio::select! {
            sent = frames.send(frame?.freeze()) => sent?,
            () = &mut deadline => return Ok(Ended::Idle { frames: echoed }),
        }
        echoed += 1;
    }
}
