//! What happens when a task blocks: every other task on its thread stops.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::task;

// ANCHOR: ticker
/// A task that counts how often it gets to run: add one, step aside, again.
pub async fn tick_forever(ticks: Arc<AtomicU64>) {
    loop {
        ticks.fetch_add(1, Ordering::Relaxed);
        task::yield_now().await;
    }
}
// ANCHOR_END: ticker

// ANCHOR: ticks_while
/// Waits `pause` on the calling task, in one of two ways, while a ticker runs on
/// the same runtime; returns how often the ticker ran meanwhile.
pub async fn ticks_while_waiting(pause: Duration, off_the_runtime: bool) -> u64 {
    let ticks = Arc::new(AtomicU64::new(0));
    let ticker = tokio::spawn(tick_forever(Arc::clone(&ticks)));
    task::yield_now().await; // let the ticker start
    let before = ticks.load(Ordering::Relaxed);

    if off_the_runtime {
        // The sleep happens on the blocking pool; this task waits at the `.await`.
        task::spawn_blocking(move || std::thread::sleep(pause))
            .await
            .expect("sleeping does not panic");
    } else {
        // The sleep happens right here: the thread stops, and the runtime with it.
        std::thread::sleep(pause);
    }

    let during = ticks.load(Ordering::Relaxed) - before;
    ticker.abort();
    during
}
// ANCHOR_END: ticks_while

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use tokio::runtime::Builder;

    // ANCHOR: ticks_test
    #[test]
    fn a_blocked_thread_runs_nothing_else() {
        let runtime = Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let pause = Duration::from_millis(200);
            assert_eq!(ticks_while_waiting(pause, false).await, 0);
            // Real time: the ticker has 200 ms to run once, and only a thread
            // descheduled for all of them between two lines could miss it.
            assert!(ticks_while_waiting(pause, true).await > 0);
        });
    }
    // ANCHOR_END: ticks_test

    // ANCHOR: lifo_test
    /// On the multi-thread runtime a blocked worker stalls the tasks it holds, even
    /// while another worker is idle: a task spawned from a worker goes into that
    /// worker's "LIFO slot", which the other workers do not steal from.
    #[test]
    fn a_blocked_worker_holds_its_newest_task() {
        let runtime = Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        let ran_meanwhile = runtime.block_on(async {
            tokio::spawn(async {
                let (done, child_ran) = mpsc::channel();
                tokio::spawn(async move { done.send(()).unwrap() });
                // Blocks this worker for up to 300 ms, waiting for the child.
                child_ran.recv_timeout(Duration::from_millis(300)).is_ok()
            })
            .await
            .unwrap()
        });
        assert!(!ran_meanwhile, "the child ran on the idle worker");
    }
    // ANCHOR_END: lifo_test
}
