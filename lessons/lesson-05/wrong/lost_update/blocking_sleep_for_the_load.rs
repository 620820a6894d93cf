// Wrong: load the page with std::thread::sleep, like time.sleep in Python
// Caught by pages_load_together: "std::thread::sleep is a blocking call"
//! Exercise `lost_update`: count page visits in a slow counter without losing any.
//! "Async has no races" is a myth: see `count_visits_racy` in `src/store.rs`.
//!
//! Test it: `cargo test -p lesson-05 --test lost_update`

use crate::store::SlowCounter;
use std::sync::Arc;
use std::thread;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::task::JoinSet;

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
            thread::sleep(load); // load the page
            let _guard = lock.lock().await;
            let visits = counter.read().await;
            counter.write(visits + 1).await;
        });
    }
    while let Some(done) = tasks.join_next().await {
        done?;
    }
    Ok(())
}
