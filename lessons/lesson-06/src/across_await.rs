//! A std `MutexGuard` held across an `.await`, and the same code restructured.
//!
//! The first version compiles, and is fine to call: what does not compile is
//! handing its future to `tokio::spawn`, which wants a future it may move to another
//! worker thread at any `.await`. The guard of a std Mutex must be unlocked by the
//! thread that locked it, so it is not `Send`, and neither is a future holding it:
//!
//! ```compile_fail,E0277
//! use lesson_06::across_await::{Stats, check_site_held};
//! use std::sync::{Arc, Mutex};
//!
//! let stats = Arc::new(Mutex::new(Stats::default()));
//! let client = kit::client::async_client();
//! let url = "http://127.0.0.1:8080/status/200".to_owned();
//! // error[E0277]: `std::sync::MutexGuard<'_, Stats>` cannot be sent between threads safely
//! tokio::spawn(check_site_held(client, stats, url));
//! ```
//!
//! The `guard_across_await` exercise restructures it so that `tokio::spawn` takes it.

use crate::Counts;
use kit::client::{AsyncClient, Error, status_async};
use std::sync::Mutex;

// ANCHOR: stats
/// What the checker counts, shared by every task.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Checks started.
    pub started: usize,
    /// Sites that answered, by status.
    pub counts: Counts,
}
// ANCHOR_END: stats

// ANCHOR: held
/// Counts the check as started, fetches, counts the status. The guard lives from
/// `lock()` to the end of the function, across the fetch's `.await`.
// The mistake this module exists to show; clippy's `await_holding_lock` flags it too.
#[allow(clippy::await_holding_lock)]
pub async fn check_site_held(
    client: AsyncClient,
    stats: std::sync::Arc<Mutex<Stats>>,
    url: String,
) -> Result<(), Error> {
    let mut stats = stats.lock().unwrap();
    stats.started += 1;
    let status = status_async(&client, &url).await?;
    *stats.counts.entry(status).or_default() += 1;
    Ok(())
}
// ANCHOR_END: held
