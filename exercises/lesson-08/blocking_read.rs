//! Exercise `blocking_read`: read from a blocking reader without stalling the runtime.
//!
//! Test it: `cargo test -p lesson-08 --test blocking_read`

use std::io::{self, Read};
use tokio::task::spawn_blocking;

// ANCHOR: stub
/// Reads exactly `len` bytes from `source`, a reader whose `read` blocks (a file, a
/// pipe, /dev/urandom), without blocking the runtime's thread: other tasks keep
/// running while it reads. Fails with `UnexpectedEof` if `source` runs out first.
pub async fn read_exactly<R>(mut source: R, len: usize) -> io::Result<Vec<u8>>
where
    R: Read + Send + 'static,
{
    // `source.read_exact(&mut buffer)` is the read; the question is which thread
    // makes it. Called right here, it stops the runtime's thread until the bytes come,
    // and every other task on that thread waits. `spawn_blocking` takes a closure
    // that owns what it uses (`move`), runs it on another thread, and gives you
    // something to `.await`.
    todo!("read {len} bytes off the runtime's thread")
}
// ANCHOR_END: stub
