//! The blocking pool: how big it is, who else uses it, and what it does to tokio's
//! paused clock.

use tokio::runtime::{Builder, Runtime};

// ANCHOR: small_pool
/// A current-thread runtime whose blocking pool may start only `threads` threads.
/// The default is 512: blocking work is expected to *wait* (on a disk, a lock, a
/// blocking client), and waiting threads cost memory, not CPU. Beyond the limit,
/// `spawn_blocking` does not fail: the work waits in a queue for a free thread.
pub fn with_blocking_threads(threads: usize) -> Runtime {
    Builder::new_current_thread()
        .max_blocking_threads(threads)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
// ANCHOR_END: small_pool

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;
    use tokio::task::spawn_blocking;
    use tokio::time::{Instant, sleep, timeout};

    // ANCHOR: fs_test
    /// `tokio::fs` is `spawn_blocking` underneath: with the only blocking thread
    /// busy, reading a small file waits, however fast the disk.
    #[test]
    fn tokio_fs_queues_for_the_blocking_pool() {
        let runtime = with_blocking_threads(1);
        runtime.block_on(async {
            let (open, gate) = mpsc::channel::<()>();
            let busy = spawn_blocking(move || gate.recv());
            let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");

            // The read cannot start while the pool's thread is held, so this
            // timeout can only expire; 300 ms of real time is just how long we look.
            let early = timeout(Duration::from_millis(300), tokio::fs::read(manifest)).await;
            assert!(
                early.is_err(),
                "tokio::fs read the file without waiting for the pool's only thread"
            );

            open.send(()).unwrap();
            busy.await.unwrap().unwrap();
            let bytes = tokio::fs::read(manifest).await.unwrap();
            assert!(bytes.starts_with(b"[package]"));
        });
    }
    // ANCHOR_END: fs_test

    // ANCHOR: paused_test
    /// With the clock paused, tokio jumps to the next timer whenever every task is
    /// idle. Blocking work in flight holds the clock still: the runtime cannot know
    /// how long it will take, so it does not jump past it.
    #[test]
    fn blocking_work_holds_the_paused_clock() {
        let runtime = Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap();
        runtime.block_on(async {
            let start = Instant::now();
            // 100 ms of real sleep, against a 10 ms timeout on tokio's clock.
            let blocking = spawn_blocking(|| std::thread::sleep(Duration::from_millis(100)));
            assert!(timeout(Duration::from_millis(10), blocking).await.is_ok());
            assert_eq!(start.elapsed(), Duration::ZERO, "the clock stood still");

            // With nothing blocking, an hour-long sleep loses at once.
            let sleepy = timeout(Duration::from_millis(10), sleep(Duration::from_secs(3600)));
            assert!(sleepy.await.is_err());
            assert_eq!(start.elapsed(), Duration::from_millis(10));
        });
    }
    // ANCHOR_END: paused_test
}
