// Wrong: split the range in chunks, count each chunk in a rayon job, and add up the answers
// Caught by keep_runs_on_rayon_while_other_tasks_run: "but on one thread, one number after another"
// Draws: "no other rayon thread"
//! Exercise `rayon_handoff`: count primes on rayon's threads and await the answer.
//!
//! Test it: `cargo test -p lesson-08 --test rayon_handoff`

use crate::primes::is_prime;
use std::ops::Range;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Counts the numbers in `numbers` that `keep` keeps, in parallel on rayon's pool.
/// The calling task waits at an `.await` for the count, which comes back through a
/// oneshot channel; the runtime's thread runs other tasks meanwhile.
pub async fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Send + Sync + 'static,
{
    let keep = Arc::new(keep);
    let chunk = (numbers.end - numbers.start).div_ceil(4).max(1);
    let mut kept = 0;
    let mut start = numbers.start;
    while start < numbers.end {
        let chunk = start..(start + chunk).min(numbers.end);
        start = chunk.end;
        let keep = Arc::clone(&keep);
        let (answer, count) = oneshot::channel();
        rayon::spawn(move || {
            let _ = answer.send(chunk.filter(|&n| keep(n)).count());
        });
        kept += count.await.expect("the rayon job ended without an answer");
    }
    kept
}

/// Counts the primes in `numbers` without stalling the runtime.
pub async fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime).await
}
