// Wrong: run the URLs in chunks of `limit`, each chunk all at once, and wait for it before the next
// Caught by a_sliding_window_not_batches: "Batches of 3 take"
// Draws: "1   1"

use crate::{Counts, Error};
use std::future::Future;
use tokio::task::JoinSet;

/// Fetches every URL with `fetch`, never more than `limit` at a time, and starts the
/// next one (in list order) as soon as any one ends. Counts how many answered with
/// each status; returns an error if a fetch failed or a task panicked.
///
/// Panics if `limit` is 0: nothing could ever start.
pub async fn fetch_all<F, Fut>(urls: &[String], limit: usize, fetch: F) -> Result<Counts, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
{
    assert!(limit > 0, "a limit of 0 would never let a request start");
    let mut counts = Counts::new();
    for chunk in urls.chunks(limit) {
        let mut tasks = JoinSet::new();
        for url in chunk {
            tasks.spawn(fetch(url.clone()));
        }
        while let Some(finished) = tasks.join_next().await {
            *counts.entry(finished??).or_insert(0) += 1;
        }
    }
    Ok(counts)
}
