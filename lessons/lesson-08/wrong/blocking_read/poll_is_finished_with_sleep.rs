// Wrong: like asyncio.sleep(0.01) in a loop: check every 10 ms whether the read is done
// Caught by reads_off_the_runtime_thread_while_other_tasks_run: "kept waking up with nothing to do"
//! Exercise `blocking_read`: read from a blocking reader without stalling the runtime.
//!
//! Test it: `cargo test -p lesson-08 --test blocking_read`

use std::io::{self, Read};
use std::time::Duration;
use tokio::task::spawn_blocking;
use tokio::time::sleep;

/// Reads exactly `len` bytes from `source`, a reader whose `read` blocks (a file, a
/// pipe, /dev/urandom), without blocking the runtime's thread: other tasks keep
/// running while it reads. Fails with `UnexpectedEof` if `source` runs out first.
pub async fn read_exactly<R>(mut source: R, len: usize) -> io::Result<Vec<u8>>
where
    R: Read + Send + 'static,
{
    let handle = spawn_blocking(move || {
        let mut bytes = vec![0; len];
        source.read_exact(&mut bytes)?;
        Ok(bytes)
    });
    while !handle.is_finished() {
        sleep(Duration::from_millis(10)).await;
    }
    handle.await.map_err(io::Error::other)?
}
