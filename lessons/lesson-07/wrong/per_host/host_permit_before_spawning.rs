// Wrong: wait for the host's permit in the loop, before spawning, like gevent's `pool.spawn` waits for room
// Caught by one_per_host_two_in_all: "did the loop wait for a host's permit before spawning the next task"

use crate::host::host_of;
use crate::{Counts, Error};
use std::collections::HashMap;
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
    let everyone = Arc::new(Semaphore::new(overall));
    let mut hosts: HashMap<&str, Arc<Semaphore>> = HashMap::new();
    let mut tasks = JoinSet::new();
    for url in urls {
        let host = hosts
            .entry(host_of(url))
            .or_insert_with(|| Arc::new(Semaphore::new(per_host)));
        // Backpressure: no task until its host has room.
        let host_permit = Arc::clone(host)
            .acquire_owned()
            .await
            .expect("never closed");
        let everyone = Arc::clone(&everyone);
        let fetching = fetch(url.clone());
        tasks.spawn(async move {
            let _host = host_permit;
            let _slot = everyone.acquire().await.expect("never closed");
            fetching.await
        });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        *counts.entry(finished??).or_insert(0) += 1;
    }
    Ok(counts)
}
