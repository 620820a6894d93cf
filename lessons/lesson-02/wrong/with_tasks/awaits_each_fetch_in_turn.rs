// Wrong: awaits each fetch in a plain loop, as if await made it run in the background
// Caught by all_requests_are_in_flight_together: "Spawn every task before you wait for any"
// Draws: "peak 1"
//! Exercise `with_tasks`: the talk's asyncio Healthcheck Counter. One async task per
//! URL, all waiting for their answers at the same time, gathered at the end.
//!
//! Test it: `cargo test -p lesson-02 --test with_tasks`

use crate::fetch::{async_client, status_async};
use crate::{Counts, Error};

/// Fetches every URL in its own task and counts how many answered with each status.
/// Returns an error if a site could not be fetched. Needs a tokio runtime, and works
/// on a runtime with a single thread.
pub async fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let client = async_client();
    let mut counts = Counts::new();
    for url in urls {
        let status = status_async(&client, url).await?;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
