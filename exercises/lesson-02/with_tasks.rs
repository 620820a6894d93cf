//! Exercise `with_tasks`: the talk's asyncio Healthcheck Counter. One async task per
//! URL, all waiting for their answers at the same time, gathered at the end.
//!
//! Test it: `cargo test -p lesson-02 --test with_tasks`

use crate::fetch::{async_client, status_async};
use crate::{Counts, Error};
use tokio::task::JoinSet;

// ANCHOR: stub
/// Fetches every URL in its own task and counts how many answered with each status.
/// Returns an error if a site could not be fetched. Needs a tokio runtime, and works
/// on a runtime with a single thread.
pub async fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    // One `async_client()`; each task gets a clone of it (cheap) and a clone of its
    // URL, because a spawned task must own what it uses.
    // `JoinSet::spawn` starts a task; `join_next().await` collects finished ones.
    // `status_async(&client, &url).await` inside a loop, without tasks, would wait
    // for each answer before sending the next request: that is the sequential
    // version again.
    todo!(
        "fetch {} URLs in one task each and count their statuses",
        urls.len()
    )
}
// ANCHOR_END: stub
