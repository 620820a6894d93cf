// Wrong: the guard cannot live across an `.await`, so keep it and wait for the fetch without one, with `block_in_place`
// Caught by the_fetches_overlap: "a task held the lock while it waited for its fetch"
// Draws: "[x"

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
    let mut stats = stats.lock().unwrap();
    stats.started += 1;
    // No `.await` while the guard is alive: the future stays `Send`.
    let status = tokio::task::block_in_place(|| {
        tokio::runtime::Handle::current().block_on(status_async(&client, &url))
    })?;
    *stats.counts.entry(status).or_default() += 1;
    Ok(())
}
