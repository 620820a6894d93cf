//! A tour of tokio's tools, each small enough to read in one go. The tests at the
//! bottom run each one with time paused and check what the chapter says about it.

use crate::Error;
use crate::probe::counted;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};

/// Waits `millis` milliseconds on tokio's clock, then returns `value`.
pub async fn after(millis: u64, value: &'static str) -> &'static str {
    sleep(Duration::from_millis(millis)).await;
    value
}

// ANCHOR: runtimes
/// One thread runs every task: Python's asyncio loop, and what the tests use.
pub fn current_thread() -> Runtime {
    Builder::new_current_thread()
        .enable_all() // the reactor (I/O) and the timers
        .build()
        .expect("a tokio runtime")
}

/// `workers` threads share the tasks and steal from each other when idle.
pub fn multi_thread(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
// ANCHOR_END: runtimes

// ANCHOR: spawn
/// `tokio::spawn` hands a future to the runtime as a new task, which starts running
/// at the runtime's next chance; awaiting its handle collects the result.
pub async fn spawn_and_wait() -> &'static str {
    let handle = tokio::spawn(after(100, "from the task"));
    // Free to do other work here: the task runs meanwhile.
    handle.await.expect("the task did not panic")
}
// ANCHOR_END: spawn

// ANCHOR: join
/// `join!` polls both futures inside the current task, in turn, until both are done:
/// concurrency without a new task. It takes as long as the slower one.
pub async fn join_two() -> (&'static str, &'static str) {
    tokio::join!(after(300, "slow"), after(100, "fast"))
}
// ANCHOR_END: join

// ANCHOR: join_set
/// A `JoinSet` owns many tasks and hands back their results as they finish: the
/// fastest first, whatever order they were spawned in.
pub async fn join_set() -> Vec<&'static str> {
    let mut tasks = JoinSet::new();
    for (millis, name) in [(300, "third"), (100, "first"), (200, "second")] {
        tasks.spawn(after(millis, name));
    }
    let mut finished = Vec::new();
    while let Some(result) = tasks.join_next().await {
        finished.push(result.expect("no task panicked"));
    }
    finished
}
// ANCHOR_END: join_set

// ANCHOR: select
/// `select!` polls both branches and runs the code of whichever finishes first. The
/// other future is dropped, half done: that is how async Rust cancels.
pub async fn race() -> &'static str {
    tokio::select! {
        slow = after(300, "slow") => slow,
        fast = after(100, "fast") => fast,
    }
}
// ANCHOR_END: select

// ANCHOR: timeout
/// `timeout` is a `select!` between a future and a timer.
pub async fn too_slow() -> Result<&'static str, tokio::time::error::Elapsed> {
    timeout(Duration::from_millis(100), after(300, "too late")).await
}
// ANCHOR_END: timeout

// ANCHOR: cancel
/// Logs when it is created and when it is dropped: a connection, a file, a lock.
struct Resource {
    log: Arc<Mutex<Vec<String>>>,
}

impl Resource {
    fn open(log: &Arc<Mutex<Vec<String>>>) -> Resource {
        log.lock().unwrap().push("opened".to_owned());
        Resource {
            log: Arc::clone(log),
        }
    }
}

impl Drop for Resource {
    fn drop(&mut self) {
        self.log.lock().unwrap().push("closed".to_owned());
    }
}

/// A future cancelled by a timeout: it stops at the `.await` where it was waiting,
/// never runs another line, and its locals are dropped, so the resource is closed.
pub async fn cancelled_midway() -> Vec<String> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let work = async {
        let _resource = Resource::open(&log);
        log.lock().unwrap().push("working".to_owned());
        sleep(Duration::from_secs(1)).await;
        log.lock().unwrap().push("finished".to_owned()); // never runs
    };
    let outcome = timeout(Duration::from_millis(100), work).await;
    log.lock().unwrap().push(format!("timeout: {outcome:?}"));
    Arc::try_unwrap(log).unwrap().into_inner().unwrap()
}
// ANCHOR_END: cancel

// ANCHOR: detach
/// Dropping a `JoinHandle` does NOT cancel its task: the task is detached and runs
/// on. `abort()` cancels it (and dropping a `JoinSet` aborts all of its tasks), the
/// next time the runtime gets to the task: an abort is deferred.
pub async fn dropped_and_aborted() -> (bool, bool) {
    let dropped_ran = Arc::new(Mutex::new(false));
    let aborted_ran = Arc::new(Mutex::new(false));

    let flag = Arc::clone(&dropped_ran);
    drop(tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        *flag.lock().unwrap() = true;
    }));

    let flag = Arc::clone(&aborted_ran);
    tokio::spawn(async move {
        sleep(Duration::from_millis(100)).await;
        *flag.lock().unwrap() = true;
    })
    .abort();

    sleep(Duration::from_secs(1)).await;
    let ran = |flag: &Mutex<bool>| *flag.lock().unwrap();
    (ran(&dropped_ran), ran(&aborted_ran))
}
// ANCHOR_END: detach

// ANCHOR: task_error
/// A task's `JoinError` (the task panicked, or was aborted) is a
/// `std::error::Error`, so `?` turns it into this lesson's `Error`, like any other
/// error. Awaiting the handle gives two layers: the task's own result sits inside.
pub async fn status_from_a_task(abort: bool) -> Result<u16, Error> {
    let task = tokio::spawn(async {
        sleep(Duration::from_millis(100)).await;
        Ok::<u16, Error>(200)
    });
    if abort {
        task.abort();
    }
    let status = task.await??; // the first `?` for the JoinError, the second for the task's
    Ok(status)
}
// ANCHOR_END: task_error

// ANCHOR: extra_polls
/// `join!` polls every unfinished future each time its task is woken, whoever woke
/// it. The slow sleep is polled when the fast one's timer fires too: a poll it did
/// not ask for. Leaf futures must answer such a poll with `Pending` again.
pub async fn polls_of_the_slow_one() -> usize {
    let (slow, polls) = counted(after(300, "slow"));
    tokio::join!(slow, after(100, "fast"));
    polls.load(Ordering::SeqCst)
}
// ANCHOR_END: extra_polls

// ANCHOR: pin_and_reuse
/// Waits for `work`, says so if it takes longer than 100 ms, and gives up after
/// 300 ms in all. One future, raced in two `select!`s: the first only borrows it
/// (`&mut work`), so when the timer wins, `work` is not dropped and keeps its
/// progress; the second takes it, and drops it if the timer wins again.
pub async fn warn_then_give_up(work_millis: u64) -> Vec<&'static str> {
    let mut log = Vec::new();
    let work = after(work_millis, "finished");
    // `&mut work` is a future only if `work` cannot move: pin it where it stands.
    tokio::pin!(work);

    tokio::select! {
        done = &mut work => {
            log.push(done);
            return log;
        }
        _ = sleep(Duration::from_millis(100)) => log.push("slow: still waiting"),
    }

    tokio::select! {
        done = work => log.push(done),
        _ = sleep(Duration::from_millis(200)) => log.push("gave up"),
    }
    log
}
// ANCHOR_END: pin_and_reuse

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// Runs `body` with time paused and returns its output and how long it took on
    /// tokio's clock.
    async fn timed<T>(body: impl Future<Output = T>) -> (T, Duration) {
        let start = Instant::now();
        let output = body.await;
        (output, start.elapsed())
    }

    // ANCHOR: tour_tests
    #[tokio::test(start_paused = true)]
    async fn the_tour() {
        let ms = Duration::from_millis;
        assert_eq!(timed(spawn_and_wait()).await, ("from the task", ms(100)));
        assert_eq!(timed(join_two()).await, (("slow", "fast"), ms(300)));
        assert_eq!(
            timed(join_set()).await,
            (vec!["first", "second", "third"], ms(300))
        );
        assert_eq!(timed(race()).await, ("fast", ms(100)));
        let (outcome, took) = timed(too_slow()).await;
        assert!(outcome.is_err());
        assert_eq!(took, ms(100));
        assert_eq!(
            cancelled_midway().await,
            ["opened", "working", "closed", "timeout: Err(Elapsed(()))"]
        );
        // (dropped task ran, aborted task ran)
        assert_eq!(dropped_and_aborted().await, (true, false));
    }
    // ANCHOR_END: tour_tests

    // ANCHOR: task_error_test
    #[tokio::test(start_paused = true)]
    async fn a_join_error_becomes_an_error() {
        assert_eq!(status_from_a_task(false).await.unwrap(), 200);
        let error = status_from_a_task(true).await.unwrap_err();
        assert!(error.to_string().ends_with("was cancelled"), "{error}");
    }
    // ANCHOR_END: task_error_test

    // ANCHOR: extra_polls_test
    #[tokio::test(start_paused = true)]
    async fn join_polls_futures_that_were_not_woken() {
        // Polled at the start, when the fast timer fires, and when its own does.
        assert_eq!(polls_of_the_slow_one().await, 3);
    }
    // ANCHOR_END: extra_polls_test

    // ANCHOR: pin_and_reuse_test
    #[tokio::test(start_paused = true)]
    async fn one_future_in_two_selects() {
        let ms = Duration::from_millis;
        assert_eq!(
            timed(warn_then_give_up(50)).await,
            (vec!["finished"], ms(50))
        );
        assert_eq!(
            timed(warn_then_give_up(250)).await,
            (vec!["slow: still waiting", "finished"], ms(250))
        );
        assert_eq!(
            timed(warn_then_give_up(400)).await,
            (vec!["slow: still waiting", "gave up"], ms(300))
        );
    }
    // ANCHOR_END: pin_and_reuse_test

    #[test]
    fn both_runtimes_run_the_tour() {
        for runtime in [current_thread(), multi_thread(2)] {
            assert_eq!(runtime.block_on(race()), "fast");
        }
    }
}
