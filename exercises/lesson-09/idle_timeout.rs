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

// ANCHOR: stub
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
/// open for ever.
pub async fn serve<S>(stream: S, idle: Duration) -> io::Result<Ended>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // `Framed::new(stream, LengthDelimitedCodec::new())` gives whole frames
    // (`next().await`) and sends them (`send(frame.freeze()).await`).
    // `tokio::select!` races the next frame against a timer.
    todo!("echo frames, and close after {idle:?} without one")
}
// ANCHOR_END: stub
