// Wrong: one semaphore of `per_host` permits, shared by every task: that keeps each host under its limit
// Caught by one_per_host_two_in_all: "one semaphore of per_host permits for every host"
// Draws: "peak 1"

use crate::{Counts, Error};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Fetches every URL with `fetch`, never more than `per_host` at a time to one host
/// (`host_of(url)`) and never more than `overall` at a time in all, and counts the
/// statuses. Returns an error if a fetch failed or a task panicked.
///
/// Panics if either limit is 0.
pub async fn fetch_all<F, Fut>(
    urls: &[String],
    per_host: usize,
    overall: usize,
    fetch: F,
) -> Result<Counts, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
{
    assert!(
        per_host > 0 && overall > 0,
        "a limit of 0 would never let a request start"
    );
    // At most `per_host` in flight anywhere means at most `per_host` at any host.
    let permits = Arc::new(Semaphore::new(per_host.min(overall)));
    let mut tasks = JoinSet::new();
    for url in urls {
        let permits = Arc::clone(&permits);
        let fetching = fetch(url.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire().await.expect("never closed");
            fetching.await
        });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        *counts.entry(finished??).or_insert(0) += 1;
    }
    Ok(counts)
}
