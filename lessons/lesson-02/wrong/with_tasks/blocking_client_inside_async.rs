// Wrong: calls the blocking client inside the spawned tasks, like requests.get in async def
// Caught by all_requests_are_in_flight_together: "called the blocking client"
//! Exercise `with_tasks`: the talk's asyncio Healthcheck Counter. One async task per
//! URL, all waiting for their answers at the same time, gathered at the end.
//!
//! Test it: `cargo test -p lesson-02 --test with_tasks`

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use tokio::task::JoinSet;

/// Fetches every URL in its own task and counts how many answered with each status.
/// Returns an error if a site could not be fetched. Needs a tokio runtime, and works
/// on a runtime with a single thread.
pub async fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let mut tasks = JoinSet::new();
    for url in urls {
        let agent = agent.clone();
        let url = url.clone();
        tasks.spawn(async move { status(&agent, &url) });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        let status = finished??;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
