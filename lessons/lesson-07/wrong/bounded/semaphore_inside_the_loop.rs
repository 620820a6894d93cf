// Wrong: create the semaphore where it is used, inside the loop, next to the task that acquires it
// Caught by the_server_sees_exactly_the_limit: "a semaphore created inside the loop"
// Draws: "connection 4"

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
    let mut tasks = JoinSet::new();
    for url in urls {
        let permits = Arc::new(Semaphore::new(limit));
        let fetching = fetch(url.clone());
        tasks.spawn(async move {
            let _permit = permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            fetching.await
        });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        *counts.entry(finished??).or_insert(0) += 1;
    }
    Ok(counts)
}
