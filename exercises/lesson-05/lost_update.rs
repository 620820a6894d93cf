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

// ANCHOR: stub
/// Visits every page in its own task: loads it (waits `load`), then adds one to
/// `counter`. Every visit is counted, and the pages load at the same time. Returns
/// when every visit has been counted.
pub async fn count_visits(
    counter: Arc<SlowCounter>,
    pages: &[Duration],
) -> Result<(), crate::Error> {
    // `counter.read().await` then `counter.write(n + 1).await`: every `.await` is a
    // point where other tasks run. A `std::sync::Mutex` cannot be held across an
    // `.await` in a spawned task; `tokio::sync::Mutex` can.
    todo!("visit {} pages and count every visit", pages.len())
}
// ANCHOR_END: stub
