// Wrong: into_par_iter already runs on rayon's threads, so the async fn can count right away
// Caught by keep_runs_on_rayon_while_other_tasks_run: "called right in the async fn blocks its caller"
// Draws: "no turn for another task"
//! Exercise `rayon_handoff`: count primes on rayon's threads and await the answer.
//!
//! Test it: `cargo test -p lesson-08 --test rayon_handoff`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;

/// Counts the numbers in `numbers` that `keep` keeps, in parallel on rayon's pool.
/// The calling task waits at an `.await` for the count, which comes back through a
/// oneshot channel; the runtime's thread runs other tasks meanwhile.
pub async fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Send + Sync + 'static,
{
    numbers.into_par_iter().filter(|&n| keep(n)).count()
}

/// Counts the primes in `numbers` without stalling the runtime.
pub async fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime).await
}
