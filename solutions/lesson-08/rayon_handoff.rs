//! Exercise `rayon_handoff`: count primes on rayon's threads and await the answer.
//!
//! Test it: `cargo test -p lesson-08 --test rayon_handoff`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
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
        // A panic that leaves a `rayon::spawn` job aborts the whole process (rayon's
        // default, with no panic handler): catch it, and send it to the task instead.
        let kept = panic::catch_unwind(AssertUnwindSafe(|| {
            numbers.into_par_iter().filter(|&n| keep(n)).count()
        }));
        // An error only means the task stopped waiting (it was cancelled).
        let _ = answer.send(kept);
    });
    match count.await.expect("the rayon job always answers") {
        Ok(kept) => kept,
        // The panic goes on in the awaiting task, as a `spawn_blocking` one would.
        Err(panic) => panic::resume_unwind(panic),
    }
}

/// Counts the primes in `numbers` without stalling the runtime.
pub async fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime).await
}
