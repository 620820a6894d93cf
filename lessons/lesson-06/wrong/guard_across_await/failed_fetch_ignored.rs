// Wrong: a site that cannot be reached has no status to count, so skip it and carry on, like `except Exception: pass`
// Caught by a_failed_fetch_is_an_error: "check_site returned Ok(())"

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
    stats.lock().unwrap().started += 1;
    // A site that does not answer has no status: nothing to count.
    if let Ok(status) = status_async(&client, &url).await {
        *stats.lock().unwrap().counts.entry(status).or_default() += 1;
    }
    Ok(())
}
