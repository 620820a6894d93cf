//! Exercise `guard_across_await`: count the Healthcheck Counter's statuses in a
//! std `Mutex` shared by tasks on a multi-threaded runtime.
//!
//! The first version anyone writes is `check_site_held` in `src/across_await.rs`:
//! it locks, counts the check as started, fetches, counts the status. It compiles;
//! but `tokio::spawn` rejects its future, because the std `MutexGuard` lives across
//! the fetch's `.await` and a guard is not `Send`. (The chapter shows the error.)
//! Restructure it so the future is `Send`, without giving up the std Mutex: lock
//! only around the counting, never around the `.await`.
//!
//! Test it: `cargo test -p lesson-06 --test guard_across_await`
//! (If the test does not compile, the compiler names the guard that is still alive
//! at an `.await` of your function: that is the thing to fix.)

use crate::across_await::Stats;
use kit::client::{AsyncClient, Error, status_async};
use std::sync::{Arc, Mutex};

// ANCHOR: stub
/// Counts the check as started, fetches `url`, and counts its status: like
/// `check_site_held`, with a future that `tokio::spawn` accepts.
pub async fn check_site(
    client: AsyncClient,
    stats: Arc<Mutex<Stats>>,
    url: String,
) -> Result<(), Error> {
    // Start from `check_site_held` (src/across_await.rs) and move the locking
    // so that no guard is alive at the `.await`. A guard lives until the end of
    // its scope; a temporary one (`stats.lock().unwrap().started += 1;`) until the
    // end of its statement.
    todo!("count the check as started, fetch {url}, count its status")
}
// ANCHOR_END: stub
