// Wrong: keeps the count in a static, like a module-level global, never reset
// Caught by counts_what_keep_keeps: "A counter that outlives the call"
//! Exercise `rayon_primes`: count primes on every core with rayon.
//!
//! Test it: `cargo test -p lesson-02 --test rayon_primes`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNT: AtomicUsize = AtomicUsize::new(0);

/// Counts the numbers in `numbers` for which `keep` is true, calling `keep` on
/// rayon's thread pool, many numbers at the same time.
pub fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Sync + Send,
{
    numbers.into_par_iter().for_each(|n| {
        if keep(n) {
            COUNT.fetch_add(1, Ordering::Relaxed);
        }
    });
    COUNT.load(Ordering::Relaxed)
}

/// Counts the primes in `numbers`, in parallel.
pub fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime)
}
