// Wrong: I check the channel for the count and yield to the other tasks until it is there
// Caught by keep_runs_on_rayon_while_other_tasks_run: "That is busy waiting"
// Draws: "the runtime never rested"
//! Exercise `rayon_handoff`: count primes on rayon's threads and await the answer.
//!
//! Test it: `cargo test -p lesson-08 --test rayon_handoff`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;
use tokio::sync::oneshot;
use tokio::sync::oneshot::error::TryRecvError;
use tokio::task::yield_now;

/// Counts the numbers in `numbers` that `keep` keeps, in parallel on rayon's pool.
/// The calling task waits at an `.await` for the count, which comes back through a
/// oneshot channel; the runtime's thread runs other tasks meanwhile.
pub async fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Send + Sync + 'static,
{
    let (answer, mut count) = oneshot::channel();
    rayon::spawn(move || {
        let kept = numbers.into_par_iter().filter(|&n| keep(n)).count();
        let _ = answer.send(kept);
    });
    loop {
        match count.try_recv() {
            Ok(kept) => return kept,
            Err(TryRecvError::Empty) => yield_now().await,
            Err(TryRecvError::Closed) => panic!("the rayon job ended without an answer"),
        }
    }
}

/// Counts the primes in `numbers` without stalling the runtime.
pub async fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime).await
}
