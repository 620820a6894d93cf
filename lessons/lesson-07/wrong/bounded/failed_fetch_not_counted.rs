// Wrong: count the statuses of the fetches that worked and skip the ones that failed, like `return_exceptions=True`
// Caught by a_failed_fetch_is_an_error: "fetch_all should return that error"

use crate::{Counts, Error};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
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
    let permits = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for url in urls {
        let permits = Arc::clone(&permits);
        // A future does nothing until polled: creating it here sends nothing yet.
        let fetching = fetch(url.clone());
        tasks.spawn(async move {
            // The permit is held for exactly as long as the request is in flight.
            let _permit = permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            fetching.await
        });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        // A site that failed has no status to count.
        if let Ok(Ok(status)) = finished {
            *counts.entry(status).or_insert(0) += 1;
        }
    }
    Ok(counts)
}
