//! Mateusz Rogowski's `run_in_executor` example ("AsyncIO w praktyce"), in Rust: a
//! blocking read and a computation, each handed to other threads so that the event
//! loop's thread stays free for its other tasks.

use std::fs::File;
use std::io::{self, Read};
use tokio::sync::oneshot;
use tokio::task;

// ANCHOR: work
/// A blocking read: `File::open` and `read_exact` hold the calling thread until the
/// kernel answers. Reading /dev/urandom is quick, but no faster than the kernel
/// allows, and an ordinary file on a busy disk or a network share can take much longer.
pub fn blocking_io() -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; 100];
    File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// Pure computation: the sum of the squares below 10^7. Python's integers grow as
/// needed; the answer, 333 333 283 333 335 000 000, overflows a `u64`, so it is a `u128`.
pub fn cpu_bound() -> u128 {
    (0..10_u128.pow(7)).map(|i| i * i).sum()
}
// ANCHOR_END: work

// ANCHOR: default_pool
/// Option 1 of the talk, `loop.run_in_executor(None, blocking_io)`: the runtime's
/// own pool for blocking work. `spawn_blocking` runs the closure on one of its threads
/// and returns a `JoinHandle`; the task waits for it at the `.await`, and the
/// runtime's thread runs other tasks meanwhile.
pub async fn read_on_the_blocking_pool() -> io::Result<Vec<u8>> {
    // The outer `Result` says whether the closure finished or panicked; the inner one
    // is `blocking_io`'s own. `tokio::fs` turns a panic into an `io::Error` the same way.
    task::spawn_blocking(blocking_io)
        .await
        .map_err(io::Error::other)?
}
// ANCHOR_END: default_pool

// ANCHOR: blocking_pool_of_your_own
/// Option 2, a `ThreadPoolExecutor` of your own for the blocking read: a pool of
/// threads that wait, sized by you. A runtime built for it is one (size it with
/// `Builder::max_blocking_threads`); its `Handle` sends the closure to its blocking
/// pool, and the task that awaits can live on any runtime.
pub async fn read_on(pool: &tokio::runtime::Handle) -> io::Result<Vec<u8>> {
    pool.spawn_blocking(blocking_io)
        .await
        .map_err(io::Error::other)?
}
// ANCHOR_END: blocking_pool_of_your_own

// ANCHOR: own_pool
/// Option 3, a `ProcessPoolExecutor` for the computation: in Rust, a rayon pool,
/// one thread per core, computing in parallel with the loop's thread. It knows
/// nothing about tokio, so the answer comes back through a oneshot channel: rayon
/// sends, and the task awaits the receiver.
pub async fn compute_on(pool: &rayon::ThreadPool) -> u128 {
    let (answer, receiver) = oneshot::channel();
    pool.spawn(move || {
        // An error here only means nobody is waiting for the answer any more.
        let _ = answer.send(cpu_bound());
    });
    receiver
        .await
        .expect("cpu_bound never panics, so it always answers")
}
// ANCHOR_END: own_pool

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_talks_work_in_rust() {
        // The closed form of 0² + 1² + ... + (n-1)², for n = 10^7.
        let n: u128 = 10_u128.pow(7);
        assert_eq!(cpu_bound(), (n - 1) * n * (2 * n - 1) / 6);
        assert_eq!(cpu_bound(), 333_333_283_333_335_000_000);
        assert_eq!(blocking_io().unwrap().len(), 100);
    }

    #[test]
    fn all_three_options_answer_on_one_thread() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let readers = tokio::runtime::Builder::new_current_thread()
            .max_blocking_threads(4)
            .build()
            .unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        runtime.block_on(async {
            let (bytes, own, sum) = tokio::join!(
                read_on_the_blocking_pool(),
                read_on(readers.handle()),
                compute_on(&pool)
            );
            assert_eq!(bytes.unwrap().len(), 100);
            assert_eq!(own.unwrap().len(), 100);
            assert_eq!(sum, cpu_bound());
        });
    }
}
