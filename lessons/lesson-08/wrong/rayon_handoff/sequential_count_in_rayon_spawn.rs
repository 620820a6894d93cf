// Wrong: rayon::spawn puts the count on rayon's pool, so counting inside it is parallel
// Caught by keep_runs_on_rayon_while_other_tasks_run: "but on one thread, one number after another"
// Draws: "no other rayon thread"
//! Exercise `rayon_handoff`: count primes on rayon's threads and await the answer.
//!
//! Test it: `cargo test -p lesson-08 --test rayon_handoff`

use crate::primes::is_prime;
use std::ops::Range;
use tokio::sync::oneshot;

/// Counts the numbers in `numbers` that `keep` keeps, in parallel on rayon's pool.
/// The calling task waits at an `.await` for the count, which comes back through a
/// oneshot channel; the runtime's thread runs other tasks meanwhile.
pub async fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Send + Sync + 'static,
{
    let (answer, count) = oneshot::channel();
    rayon::spawn(move || {
        let kept = numbers.filter(|&n| keep(n)).count();
        let _ = answer.send(kept);
    });
    count.await.expect("the rayon job ended without an answer")
}

/// Counts the primes in `numbers` without stalling the runtime.
pub async fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime).await
}
