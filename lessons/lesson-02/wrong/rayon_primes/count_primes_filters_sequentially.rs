// Wrong: count_where is parallel, but count_primes filters the range by itself
// Caught by count_primes_runs_on_rayons_threads: "none ran on rayon's pool"
//! Exercise `rayon_primes`: count primes on every core with rayon.
//!
//! Test it: `cargo test -p lesson-02 --test rayon_primes`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;

/// Counts the numbers in `numbers` for which `keep` is true, calling `keep` on
/// rayon's thread pool, many numbers at the same time.
pub fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Sync + Send,
{
    numbers.into_par_iter().filter(|&n| keep(n)).count()
}

/// Counts the primes in `numbers`, in parallel.
pub fn count_primes(numbers: Range<u64>) -> usize {
    numbers.filter(|&n| is_prime(n)).count()
}
