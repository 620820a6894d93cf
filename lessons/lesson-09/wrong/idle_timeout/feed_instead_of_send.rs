// Wrong: feed writes the echo into the Framed, and the timer races it as before
// Caught by a_peer_that_closes_ends_the_connection_at_once: "`feed` alone only buffers"
// Draws: "never echoed"
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
pub async fn serve<S>(stream: S, idle: Duration) -> io::Result<Ended>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut frames = Framed::new(stream, LengthDelimitedCodec::new());
    let mut echoed = 0;
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
        tokio::select! {
            fed = frames.feed(frame?.freeze()) => fed?,
            () = &mut deadline => return Ok(Ended::Idle { frames: echoed }),
        }
        echoed += 1;
    }
}
