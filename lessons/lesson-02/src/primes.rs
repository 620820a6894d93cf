//! CPU-bound work: counting primes, the example of Chris Pouliot's multiprocessing
//! slides. No waiting here, only arithmetic, so concurrency alone gains nothing:
//! only more cores working at once (parallelism) make it faster.

use std::ops::Range;
use std::thread;

// The prime test itself lives in the kit: lesson 08 computes with it too.
pub use kit::primes::is_prime;

// ANCHOR: sequential
pub fn count_primes_sequential(numbers: Range<u64>) -> usize {
    numbers.filter(|&n| is_prime(n)).count()
}
// ANCHOR_END: sequential

// ANCHOR: threads
/// How many consecutive numbers a thread takes at a time.
const BLOCK: u64 = 1024;

/// Deals `numbers` out to `threads` threads in blocks, like cards: thread 0 takes
/// blocks 0, `threads`, 2 * `threads`, ... Each thread gets small and big numbers
/// alike, and as many odd ones as even ones, so they all finish at about the same time.
pub fn count_primes_threads(numbers: Range<u64>, threads: usize) -> usize {
    let threads = threads.max(1);
    let end = numbers.end;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|first| {
                let starts = numbers.clone().step_by(BLOCK as usize);
                let blocks = starts.skip(first).step_by(threads);
                scope.spawn(move || {
                    blocks
                        .flat_map(|start| start..(start + BLOCK).min(end))
                        .filter(|&n| is_prime(n))
                        .count()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a counting thread panicked"))
            .sum()
    })
}
// ANCHOR_END: threads

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cases() {
        let primes: Vec<u64> = (0..30).filter(|&n| is_prime(n)).collect();
        assert_eq!(primes, [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    }

    #[test]
    fn every_way_agrees() {
        assert_eq!(count_primes_sequential(0..10_000), 1229);
        for threads in 1..=4 {
            assert_eq!(count_primes_threads(0..10_000, threads), 1229);
        }
    }
}
