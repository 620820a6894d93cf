// Wrong: read the count first, then lock only around the write
// Caught by no_visit_is_lost: "a value read before the lock is taken may be stale"
// Draws: "[x"
//! Exercise `lost_update`: count page visits in a slow counter without losing any.
//! "Async has no races" is a myth: see `count_visits_racy` in `src/store.rs`.
//!
//! Test it: `cargo test -p lesson-05 --test lost_update`

use crate::store::SlowCounter;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// Visits every page in its own task: loads it (waits `load`), then adds one to
/// `counter`. Every visit is counted, and the pages load at the same time. Returns
/// when every visit has been counted.
pub async fn count_visits(
    counter: Arc<SlowCounter>,
    pages: &[Duration],
) -> Result<(), crate::Error> {
    // Python's `asyncio.Lock()`: it guards no data of its own, only the critical
    // section (read, then write) of a counter that lives elsewhere.
    let lock = Arc::new(Mutex::new(()));
    let mut tasks = JoinSet::new();
    for &load in pages {
        let counter = Arc::clone(&counter);
        let lock = Arc::clone(&lock);
        tasks.spawn(async move {
            sleep(load).await; // outside the lock: pages load together
            let visits = counter.read().await;
            // The write is what changes the counter: lock around it.
            let _guard = lock.lock().await;
            counter.write(visits + 1).await;
        });
    }
    while let Some(done) = tasks.join_next().await {
        done?;
    }
    Ok(())
}
