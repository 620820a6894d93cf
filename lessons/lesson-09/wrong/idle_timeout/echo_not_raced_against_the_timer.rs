// Wrong: the timer races the wait for the next frame; the echo is only a quick write
// Caught by a_peer_that_stops_reading_is_closed_too: "the idle timer was not running meanwhile"
// Draws: "open past idle time"
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
        tokio::select! {
            frame = frames.next() => match frame {
                Some(frame) => {
                    frames.send(frame?.freeze()).await?;
                    echoed += 1;
                    deadline.as_mut().reset(Instant::now() + idle);
                }
                None => return Ok(Ended::PeerClosed { frames: echoed }),
            },
            () = &mut deadline => return Ok(Ended::Idle { frames: echoed }),
        }
    }
}
