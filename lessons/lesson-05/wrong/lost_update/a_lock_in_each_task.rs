// Wrong: each task takes a lock around its read and write
// Caught by no_visit_is_lost: "a lock made inside each task guards nothing"
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
    let mut tasks = JoinSet::new();
    for &load in pages {
        let counter = Arc::clone(&counter);
        tasks.spawn(async move {
            sleep(load).await; // outside the lock: pages load together
            let lock = Mutex::new(());
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
