// Wrong: block_in_place tells tokio this code blocks, and the read may borrow
// Caught by reads_exactly_len_bytes: "block_in_place panicked: these checks run on a current-thread runtime"
//! Exercise `blocking_read`: read from a blocking reader without stalling the runtime.
//!
//! Test it: `cargo test -p lesson-08 --test blocking_read`

use std::io::{self, Read};
use tokio::task::block_in_place;

/// Reads exactly `len` bytes from `source`, a reader whose `read` blocks (a file, a
/// pipe, /dev/urandom), without blocking the runtime's thread: other tasks keep
/// running while it reads. Fails with `UnexpectedEof` if `source` runs out first.
pub async fn read_exactly<R>(mut source: R, len: usize) -> io::Result<Vec<u8>>
where
    R: Read + Send + 'static,
{
    block_in_place(|| {
        let mut bytes = vec![0; len];
        source.read_exact(&mut bytes)?;
        Ok(bytes)
    })
}
