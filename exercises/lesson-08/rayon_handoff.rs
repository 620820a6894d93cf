//! Exercise `rayon_handoff`: count primes on rayon's threads and await the answer.
//!
//! Test it: `cargo test -p lesson-08 --test rayon_handoff`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;
use tokio::sync::oneshot;

// ANCHOR: stub
/// Counts the numbers in `numbers` that `keep` keeps, in parallel on rayon's pool.
/// The calling task waits at an `.await` for the count, which comes back through a
/// oneshot channel; the runtime's thread runs other tasks meanwhile.
pub async fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Send + Sync + 'static,
{
    // Lesson 02 counted with `numbers.into_par_iter().filter(..).count()`, which
    // blocks its caller until the count is done: here the caller is a task on the
    // runtime's thread. `rayon::spawn` starts a job and returns at once; a
    // `oneshot::channel()` brings the count back to a receiver you can `.await`.
    todo!("count the numbers in {numbers:?} that `keep` keeps, on rayon")
}

/// Counts the primes in `numbers` without stalling the runtime.
pub async fn count_primes(numbers: Range<u64>) -> usize {
    // One line, with `count_where` and `is_prime`.
    todo!("count the primes in {numbers:?}")
}
// ANCHOR_END: stub
