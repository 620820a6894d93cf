// Wrong: each thread adds to a shared atomic counter with a load, then a store
// Caught by no_count_is_lost: "counts were lost"
//! Exercise `rayon_primes`: count primes on every core with rayon.
//!
//! Test it: `cargo test -p lesson-02 --test rayon_primes`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the numbers in `numbers` for which `keep` is true, calling `keep` on
/// rayon's thread pool, many numbers at the same time.
pub fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Sync + Send,
{
    let count = AtomicUsize::new(0);
    numbers.into_par_iter().for_each(|n| {
        if keep(n) {
            let seen = count.load(Ordering::SeqCst);
            count.store(seen + 1, Ordering::SeqCst);
        }
    });
    count.into_inner()
}

/// Counts the primes in `numbers`, in parallel.
pub fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime)
}
