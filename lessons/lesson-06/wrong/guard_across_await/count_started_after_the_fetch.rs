// Wrong: fetch first, then lock once and count both the start and the status, one critical section instead of two
// Caught by a_check_counts_as_started_before_its_answer_comes: "Count the check as started BEFORE the fetch"

use crate::across_await::Stats;
use kit::client::{AsyncClient, Error, status_async};
use std::sync::{Arc, Mutex};

/// Counts the check as started, fetches `url`, and counts its status: like
/// `check_site_held`, with a future that `tokio::spawn` accepts.
pub async fn check_site(
    client: AsyncClient,
    stats: Arc<Mutex<Stats>>,
    url: String,
) -> Result<(), Error> {
    // One short critical section, after the `.await`.
    let status = status_async(&client, &url).await?;
    let mut stats = stats.lock().unwrap();
    stats.started += 1;
    *stats.counts.entry(status).or_default() += 1;
    Ok(())
}
