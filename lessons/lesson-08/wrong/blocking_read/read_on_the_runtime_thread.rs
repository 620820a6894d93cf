// Wrong: it is an async fn already, so I just read in it
// Caught by reads_off_the_runtime_thread_while_other_tasks_run: "The read ran on the runtime's own thread"
// Draws: "read, runtime thread"
//! Exercise `blocking_read`: read from a blocking reader without stalling the runtime.
//!
//! Test it: `cargo test -p lesson-08 --test blocking_read`

use std::io::{self, Read};

/// Reads exactly `len` bytes from `source`, a reader whose `read` blocks (a file, a
/// pipe, /dev/urandom), without blocking the runtime's thread: other tasks keep
/// running while it reads. Fails with `UnexpectedEof` if `source` runs out first.
pub async fn read_exactly<R>(mut source: R, len: usize) -> io::Result<Vec<u8>>
where
    R: Read + Send + 'static,
{
    let mut bytes = vec![0; len];
    source.read_exact(&mut bytes)?;
    Ok(bytes)
}
