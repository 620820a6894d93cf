//! Four ways for many threads to count into one number, for the `contention` demo:
//! one mutex, a mutex per shard, one atomic, and no sharing at all until the end.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// How the threads share the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    OneMutex,
    ShardedMutexes,
    OneAtomic,
    PerThread,
}

impl Sharing {
    pub const ALL: [Sharing; 4] = [
        Sharing::OneMutex,
        Sharing::ShardedMutexes,
        Sharing::OneAtomic,
        Sharing::PerThread,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Sharing::OneMutex => "one Mutex<u64>",
            Sharing::ShardedMutexes => "16 sharded mutexes",
            Sharing::OneAtomic => "one AtomicU64",
            Sharing::PerThread => "per-thread, summed at the end",
        }
    }
}

// ANCHOR: sharded
/// One lock per shard instead of one for everything. Each shard sits on its own
/// 64-byte cache line: two mutexes on one line would still fight over that line
/// ("false sharing") even though no thread ever waits for the other's lock.
#[derive(Debug, Default)]
#[repr(align(64))]
struct Shard(Mutex<u64>);

#[derive(Debug, Default)]
pub struct ShardedCounter {
    shards: [Shard; 16],
}

impl ShardedCounter {
    /// Adds one to the shard of `thread`: threads with different shards never wait
    /// for each other.
    pub fn add(&self, thread: usize) {
        *self.shards[thread % self.shards.len()].0.lock().unwrap() += 1;
    }

    /// The count: every shard, locked one after another.
    pub fn total(&self) -> u64 {
        self.shards
            .iter()
            .map(|shard| *shard.0.lock().unwrap())
            .sum()
    }
}
// ANCHOR_END: sharded

/// `threads` threads add one, `per_thread` times each, shared as `sharing` says.
/// Returns the total, so the caller can check that nothing was lost.
pub fn count(sharing: Sharing, threads: usize, per_thread: u64) -> u64 {
    match sharing {
        Sharing::OneMutex => {
            let total = Mutex::new(0u64);
            thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        for _ in 0..per_thread {
                            *total.lock().unwrap() += 1;
                        }
                    });
                }
            });
            total.into_inner().unwrap()
        }
        Sharing::ShardedMutexes => {
            let counter = ShardedCounter::default();
            thread::scope(|scope| {
                for thread in 0..threads {
                    let counter = &counter;
                    scope.spawn(move || {
                        for _ in 0..per_thread {
                            counter.add(thread);
                        }
                    });
                }
            });
            counter.total()
        }
        Sharing::OneAtomic => {
            let total = AtomicU64::new(0);
            thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| {
                        for _ in 0..per_thread {
                            total.fetch_add(1, Ordering::Relaxed);
                        }
                    });
                }
            });
            total.into_inner()
        }
        Sharing::PerThread => thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut mine = 0u64;
                        for _ in 0..per_thread {
                            // black_box: without it the optimizer turns the loop
                            // into one addition, and there is nothing to measure.
                            mine = std::hint::black_box(mine + 1);
                        }
                        mine
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap())
                .sum()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_counts_everything() {
        for sharing in Sharing::ALL {
            assert_eq!(count(sharing, 3, 1000), 3000, "{}", sharing.name());
        }
    }
}
