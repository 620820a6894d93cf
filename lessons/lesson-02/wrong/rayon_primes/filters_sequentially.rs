// Wrong: count_where filters with an ordinary iterator, one number after another
// Caught by two_numbers_are_checked_at_the_same_time: "use rayon's `into_par_iter()`"
// Draws: "peak 1"
//! Exercise `rayon_primes`: count primes on every core with rayon.
//!
//! Test it: `cargo test -p lesson-02 --test rayon_primes`

use crate::primes::is_prime;
use std::ops::Range;

/// Counts the numbers in `numbers` for which `keep` is true, calling `keep` on
/// rayon's thread pool, many numbers at the same time.
pub fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Sync + Send,
{
    numbers.filter(|&n| keep(n)).count()
}

/// Counts the primes in `numbers`, in parallel.
pub fn count_primes(numbers: Range<u64>) -> usize {
    count_where(numbers, is_prime)
}
