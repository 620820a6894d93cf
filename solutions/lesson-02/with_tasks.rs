//! Exercise `with_tasks`: the talk's asyncio Healthcheck Counter. One async task per
//! URL, all waiting for their answers at the same time, gathered at the end.
//!
//! Test it: `cargo test -p lesson-02 --test with_tasks`

use crate::fetch::{async_client, status_async};
use crate::{Counts, Error};
use tokio::task::JoinSet;

/// Fetches every URL in its own task and counts how many answered with each status.
/// Returns an error if a site could not be fetched. Needs a tokio runtime, and works
/// on a runtime with a single thread.
pub async fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let client = async_client();
    let mut tasks = JoinSet::new();
    for url in urls {
        // A spawned task may outlive this function, so it owns what it uses: its
        // own handle on the client and its own copy of the URL.
        let client = client.clone();
        let url = url.clone();
        tasks.spawn(async move { status_async(&client, &url).await });
    }

    let mut counts = Counts::new();
    // Answers come back in the order they finish. The first `?` is for a task that
    // panicked, the second for a fetch that failed.
    while let Some(finished) = tasks.join_next().await {
        let status = finished??;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
