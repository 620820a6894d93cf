//! The building blocks, one small function each: spawning, spawning without the
//! macro, channels, and how a coroutine can wake up on another OS thread.

use may::coroutine;
use may::go;
use may::sync::{Semphore, mpmc, mpsc};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{self, ThreadId};
use std::time::Duration;

// ANCHOR: go
/// `gevent.spawn(work)` then `.join()`: runs `work` as a coroutine and waits for
/// its result. The closure must be `Send + 'static`, as for `std::thread::spawn`:
/// the coroutine may run on any worker thread and outlive this function's frame.
pub fn spawn_and_join(name: &str) -> String {
    let name = name.to_owned();
    let handle = go!(move || format!("hello from a coroutine, {name}"));
    // `join` returns `Err` with the panic's payload if the coroutine panicked.
    handle.join().expect("the coroutine panicked")
}
// ANCHOR_END: go

// ANCHOR: builder
/// What `go!` hides: the spawn function is `unsafe`, and the macro writes the
/// `unsafe` block for you. Written out, with a name and a stack size of our own.
///
/// The workspace denies `unsafe_code`, so this one function allows it, and says why
/// it is sound, as every `unsafe` block should.
#[allow(unsafe_code)]
pub fn spawn_with_builder(numbers: Vec<u64>) -> u64 {
    let builder = coroutine::Builder::new()
        .name("summer".to_owned())
        .stack_size(crate::scheduler::STACK_WORDS);
    // SAFETY: may's contract has two parts. (1) The coroutine must not use
    // thread-local storage, because it may resume on another OS thread and would see
    // that thread's copy; this closure only adds numbers it owns. (2) It must not
    // overflow its stack; a loop over a Vec needs a few hundred bytes of our 128 KiB.
    let handle = unsafe { builder.spawn(move || numbers.iter().sum()) }
        .expect("may could not allocate the coroutine's stack");
    handle.join().expect("the coroutine panicked")
}
// ANCHOR_END: builder

// ANCHOR: channel
/// Lesson 01's countdown as a coroutine that sends into one of may's channels.
/// `recv` in a coroutine parks the coroutine, in a plain thread it blocks the thread;
/// either way it ends (`None`) once every `Sender` has been dropped.
pub fn countdown(from: u32) -> Vec<u32> {
    let (tx, rx) = mpsc::channel();
    go!(move || {
        for n in (1..=from).rev() {
            tx.send(n)
                .expect("the receiver lives until the countdown ends");
        }
        // `tx` is dropped here, which closes the channel and ends the loop below.
    });
    rx.iter().collect()
}
// ANCHOR_END: channel

// ANCHOR: workers
/// Several coroutines taking work from ONE channel: an `mpmc` receiver can be
/// cloned, and each item goes to exactly one of the clones. Returns the doubled
/// numbers, sorted (the workers finish in any order).
pub fn doubled_by_workers(numbers: Vec<u32>, workers: usize) -> Vec<u32> {
    let (jobs, inbox) = mpmc::channel();
    let (results, outbox) = mpmc::channel();
    for _ in 0..workers {
        let (inbox, results) = (inbox.clone(), results.clone());
        go!(move || {
            // Ends once every `Sender` of `jobs` is gone.
            for n in inbox {
                results.send(n * 2).expect("the outbox lives until the end");
            }
        });
    }
    // Our own `results` sender would keep the loop at the end waiting forever:
    // only the workers' clones may keep that channel open.
    drop(results);
    for n in numbers {
        jobs.send(n).expect("the workers keep the inbox alive");
    }
    drop(jobs); // no more work: each worker's loop ends when the channel is empty
    let mut doubled: Vec<u32> = outbox.into_iter().collect();
    doubled.sort_unstable();
    doubled
}
// ANCHOR_END: workers

// ANCHOR: semaphore
/// `coroutines` coroutines that each hold one of `limit` permits while they nap.
/// Returns the most that ever held one at the same moment: never more than `limit`.
pub fn most_at_once(coroutines: usize, limit: usize) -> usize {
    let permits = Arc::new(Semphore::new(limit));
    let inside = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..coroutines)
        .map(|_| {
            let (permits, inside, peak) = (permits.clone(), inside.clone(), peak.clone());
            go!(move || {
                permits.wait(); // takes a permit; parks the coroutine while there is none
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                coroutine::sleep(Duration::from_millis(1));
                inside.fetch_sub(1, Ordering::SeqCst);
                permits.post(); // gives it back: whatever happened while it was held
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a coroutine panicked");
    }
    peak.load(Ordering::SeqCst)
}
// ANCHOR_END: semaphore

// ANCHOR: hops
/// Called in a coroutine: which OS thread it was on before and after it waited,
/// with a yield, or with a sleep of `nap` when one is given.
pub fn thread_before_and_after(nap: Option<Duration>) -> (ThreadId, ThreadId) {
    let before = thread::current().id();
    match nap {
        Some(nap) => coroutine::sleep(nap),
        None => coroutine::yield_now(),
    }
    (before, thread::current().id())
}
// ANCHOR_END: hops

#[cfg(test)]
mod tests {
    #[test]
    fn workers_share_one_channel_of_jobs() {
        assert_eq!(super::doubled_by_workers(vec![3, 1, 2], 2), vec![2, 4, 6]);
        assert_eq!(super::doubled_by_workers(Vec::new(), 3), Vec::<u32>::new());
    }

    #[test]
    fn the_semaphore_bounds_the_coroutines_inside() {
        assert!(super::most_at_once(20, 3) <= 3);
    }
}
