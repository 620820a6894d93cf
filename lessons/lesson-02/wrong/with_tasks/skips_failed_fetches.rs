// Wrong: counts only the tasks whose fetch worked, like gather(return_exceptions=True)
// Caught by a_site_that_does_not_answer_is_an_error: "is counting only the successes"
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
        let client = client.clone();
        let url = url.clone();
        tasks.spawn(async move { status_async(&client, &url).await });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        if let Ok(Ok(status)) = finished {
            *counts.entry(status).or_insert(0) += 1;
        }
    }
    Ok(counts)
}
