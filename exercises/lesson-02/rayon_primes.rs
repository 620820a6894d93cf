//! Exercise `rayon_primes`: count primes on every core with rayon.
//!
//! Test it: `cargo test -p lesson-02 --test rayon_primes`

use crate::primes::is_prime;
use rayon::prelude::*;
use std::ops::Range;

// ANCHOR: stub
/// Counts the numbers in `numbers` for which `keep` is true, calling `keep` on
/// rayon's thread pool, many numbers at the same time.
pub fn count_where<F>(numbers: Range<u64>, keep: F) -> usize
where
    F: Fn(u64) -> bool + Sync + Send,
{
    // `rayon::prelude::*` gives ranges an `into_par_iter()`: a parallel iterator,
    // with the same `filter` and `count` as an ordinary one.
    todo!("count the numbers in {numbers:?} that `keep` keeps, in parallel")
}

/// Counts the primes in `numbers`, in parallel.
pub fn count_primes(numbers: Range<u64>) -> usize {
    // One line, with `count_where` and `is_prime`.
    todo!("count the primes in {numbers:?}")
}
// ANCHOR_END: stub
