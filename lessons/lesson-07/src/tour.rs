//! A tour of `tokio::sync::Semaphore` and its friends, each small enough to read in
//! one go. The tests at the bottom run each one with time paused and check what the
//! chapter says about it.

use futures_util::StreamExt;
use futures_util::stream::{self, FuturesUnordered};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{AcquireError, Semaphore, TryAcquireError};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Waits `millis` milliseconds on tokio's clock, then returns `millis`.
pub async fn work(millis: u64) -> u64 {
    sleep(Duration::from_millis(millis)).await;
    millis
}

// ANCHOR: permits
/// A semaphore is a counter of permits. `acquire` takes one, waiting while there is
/// none; the permit is a guard, and dropping it puts the permit back.
pub async fn permits() -> Vec<usize> {
    let semaphore = Semaphore::new(2);
    let mut seen = vec![semaphore.available_permits()]; // 2
    let first = semaphore.acquire().await.expect("the semaphore is open");
    let second = semaphore.acquire().await.expect("the semaphore is open");
    seen.push(semaphore.available_permits()); // 0: a third acquire would wait
    drop(first);
    seen.push(semaphore.available_permits()); // 1
    drop(second);
    seen.push(semaphore.available_permits()); // 2
    seen
}
// ANCHOR_END: permits

// ANCHOR: inside_tasks
/// The talk's asyncio shape: every job is a task from the start, and each waits for
/// a permit inside. The permit is owned by the task (through the `Arc`), so it can
/// live across `.await`s in a task that outlives this function's borrow.
pub async fn inside_tasks(jobs: &[u64], limit: usize) -> Vec<u64> {
    let semaphore = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for &millis in jobs {
        let semaphore = Arc::clone(&semaphore);
        tasks.spawn(async move {
            let _permit = semaphore.acquire().await.expect("never closed");
            work(millis).await
            // `_permit` drops here: the next waiting task may start.
        });
    }
    tasks.join_all().await
}
// ANCHOR_END: inside_tasks

// ANCHOR: before_spawning
/// gevent's `Pool.spawn` shape: take the permit *before* starting the task, and move
/// it in. The loop itself waits for room, so jobs that cannot run yet are not tasks
/// yet either: a list of a million URLs does not become a million waiting tasks.
/// Returns when each job was spawned.
pub async fn before_spawning(jobs: &[u64], limit: usize) -> Vec<Duration> {
    let semaphore = Arc::new(Semaphore::new(limit));
    let start = Instant::now();
    let mut spawned = Vec::new();
    let mut tasks = JoinSet::new();
    for &millis in jobs {
        let permit = Arc::clone(&semaphore)
            .acquire_owned()
            .await
            .expect("never closed");
        spawned.push(start.elapsed());
        tasks.spawn(async move {
            work(millis).await;
            drop(permit);
        });
    }
    tasks.join_all().await;
    spawned
}
// ANCHOR_END: before_spawning

// ANCHOR: try_acquire
/// `try_acquire` never waits: when the server is full it says so at once. That is
/// load shedding, a 503 "try again later" instead of a queue that grows forever.
/// The permit is held until the request has been served, not just until admitted.
pub async fn handle(semaphore: &Semaphore, millis: u64) -> &'static str {
    let _permit = match semaphore.try_acquire() {
        Ok(permit) => permit,
        Err(TryAcquireError::NoPermits) => return "503 busy, try again later",
        Err(TryAcquireError::Closed) => return "503 shutting down",
    };
    work(millis).await;
    "200 served"
}
// ANCHOR_END: try_acquire

// ANCHOR: acquire_many
/// Permits need not be requests. Here one permit is one KiB of a 1 MiB budget, and
/// each job takes as many as the buffer it needs: at most 1 MiB in use at once, the
/// talk's "bound the memory".
pub async fn memory_budget(buffers_kib: &[u32]) -> Vec<(u32, Duration)> {
    let budget = Arc::new(Semaphore::new(1024));
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for &kib in buffers_kib {
        let budget = Arc::clone(&budget);
        tasks.spawn(async move {
            let _reserved = budget.acquire_many(kib).await.expect("never closed");
            let _buffer = vec![0u8; kib as usize * 1024];
            work(100).await;
            (kib, start.elapsed())
        });
    }
    tasks.join_all().await
}
// ANCHOR_END: acquire_many

// ANCHOR: close
/// `close` turns every waiting and future `acquire` into an error: a clean way to
/// stop a pool from taking new work while the jobs already running finish.
pub async fn close() -> Result<(), AcquireError> {
    let semaphore = Arc::new(Semaphore::new(1));
    let held = semaphore.acquire().await?;
    let waiter = tokio::spawn({
        let semaphore = Arc::clone(&semaphore);
        async move { semaphore.acquire().await.map(drop) }
    });
    tokio::task::yield_now().await; // let the waiter start waiting
    semaphore.close();
    drop(held);
    waiter.await.expect("the waiter did not panic")
}
// ANCHOR_END: close

// ANCHOR: buffer_unordered
/// Without any semaphore: a stream of futures, at most `limit` of them polled at a
/// time, each output handed on as soon as it is ready. asyncio's `as_completed`
/// with the pool built in, and no task spawned.
pub async fn buffer_unordered(jobs: &[u64], limit: usize) -> Vec<u64> {
    stream::iter(jobs.iter().map(|&millis| work(millis)))
        .buffer_unordered(limit)
        .collect()
        .await
}
// ANCHOR_END: buffer_unordered

// ANCHOR: futures_unordered
/// `FuturesUnordered` is the set underneath: push futures in, take outputs out in
/// the order they finish. Like `JoinSet`, but its futures run inside the current
/// task, so they need not be `Send` or `'static`, and they only run while it is
/// polled.
pub async fn futures_unordered(jobs: &[u64]) -> Vec<u64> {
    let mut running: FuturesUnordered<_> = jobs.iter().map(|&millis| work(millis)).collect();
    let mut finished = Vec::new();
    while let Some(millis) = running.next().await {
        finished.push(millis);
    }
    finished
}
// ANCHOR_END: futures_unordered

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tour_tests
    #[tokio::test(start_paused = true)]
    async fn the_tour() {
        assert_eq!(permits().await, [2, 0, 1, 2]);

        // Three jobs, two at a time: the 100 ms job starts when the first 200 ms ends.
        let start = Instant::now();
        let mut done = inside_tasks(&[200, 200, 100], 2).await;
        done.sort();
        assert_eq!((done, start.elapsed()), (vec![100, 200, 200], ms(300)));

        // The same bound, but the third job is not even a task until 200 ms.
        let spawned = before_spawning(&[200, 200, 100], 2).await;
        assert_eq!(spawned, [ms(0), ms(0), ms(200)]);

        // One slot: while the first request is served, the second is turned away
        // (`biased;` polls them in the order written).
        let semaphore = Semaphore::new(1);
        let both = tokio::join!(biased; handle(&semaphore, 100), handle(&semaphore, 100));
        assert_eq!(both, ("200 served", "503 busy, try again later"));
        assert_eq!(handle(&semaphore, 100).await, "200 served");

        // 600 + 300 KiB fit together; the 500 KiB buffer waits for room.
        let mut memory = memory_budget(&[600, 300, 500]).await;
        memory.sort();
        assert_eq!(memory, [(300, ms(100)), (500, ms(200)), (600, ms(100))]);

        assert!(close().await.is_err(), "closing fails the waiter");

        // In the order they finish, at most two at a time.
        assert_eq!(buffer_unordered(&[300, 100, 50], 2).await, [100, 50, 300]);
        assert_eq!(futures_unordered(&[300, 100, 200]).await, [100, 200, 300]);
    }
    // ANCHOR_END: tour_tests

    // ANCHOR: let_underscore
    #[tokio::test]
    async fn let_underscore_drops_the_permit() {
        let semaphore = Semaphore::new(1);
        let _ = semaphore.acquire().await; // `_` binds nothing: dropped right here
        assert_eq!(semaphore.available_permits(), 1);
        let _permit = semaphore.acquire().await; // a name: held to the end of the block
        assert_eq!(semaphore.available_permits(), 0);
    }
    // ANCHOR_END: let_underscore

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }
}
