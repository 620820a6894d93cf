// Wrong: `unwrap` the fetch's result, as if a failed fetch raised an exception that the caller would see
// Caught by a_failed_fetch_is_an_error: "check_site panicked on a fetch that failed"

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
    let status = status_async(&client, &url).await.unwrap();
    *stats.lock().unwrap().counts.entry(status).or_default() += 1;
    Ok(())
}
