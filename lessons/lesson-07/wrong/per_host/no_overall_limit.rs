// Wrong: a semaphore per host is all it takes; the hosts' limits add up to the overall one
// Caught by the_overall_limit_holds_too: "More means the overall limit is missing"
// Draws: "peak 6"

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
    let mut hosts: HashMap<&str, Arc<Semaphore>> = HashMap::new();
    let mut tasks = JoinSet::new();
    for url in urls {
        let host = Arc::clone(
            hosts
                .entry(host_of(url))
                .or_insert_with(|| Arc::new(Semaphore::new(per_host))),
        );
        let fetching = fetch(url.clone());
        tasks.spawn(async move {
            let _host = host.acquire().await.expect("never closed");
            fetching.await
        });
    }

    let mut counts = Counts::new();
    while let Some(finished) = tasks.join_next().await {
        *counts.entry(finished??).or_insert(0) += 1;
    }
    Ok(counts)
}
