// Wrong: read everything the source has, then keep the first len bytes
// Caught by reads_the_talks_dev_urandom: "/dev/urandom never ends"
//! Exercise `blocking_read`: read from a blocking reader without stalling the runtime.
//!
//! Test it: `cargo test -p lesson-08 --test blocking_read`

use std::io::{self, Read};
use tokio::task::spawn_blocking;

/// Reads exactly `len` bytes from `source`, a reader whose `read` blocks (a file, a
/// pipe, /dev/urandom), without blocking the runtime's thread: other tasks keep
/// running while it reads. Fails with `UnexpectedEof` if `source` runs out first.
pub async fn read_exactly<R>(mut source: R, len: usize) -> io::Result<Vec<u8>>
where
    R: Read + Send + 'static,
{
    spawn_blocking(move || {
        let mut bytes = Vec::new();
        source.read_to_end(&mut bytes)?;
        if bytes.len() < len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes.truncate(len);
        Ok(bytes)
    })
    .await
    .map_err(io::Error::other)?
}
