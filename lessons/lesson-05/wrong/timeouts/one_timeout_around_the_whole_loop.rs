// Wrong: one timeout around the whole loop; whatever has not answered by then timed out
// Caught by slow_sites_time_out_and_are_counted_apart: "the abort is deferred"
//! Exercise `timeouts`: the Healthcheck Counter with a time limit on every site. Sites
//! that answer in time are counted by status; the others are counted as timed out.
//!
//! Test it: `cargo test -p lesson-05 --test timeouts`

use crate::{Error, Report};
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::timeout;

/// Fetches every URL in its own task with `fetch`, giving each at most `limit`.
/// Returns the statuses of those that answered in time and the number that did not;
/// an error if a fetch failed or a task panicked.
pub async fn check_all<F, Fut>(urls: &[String], fetch: F, limit: Duration) -> Result<Report, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
{
    let mut tasks = JoinSet::new();
    for url in urls {
        // The timeout is inside the task, around one fetch: when it fires it drops
        // that fetch, which cancels it, and the task ends.
        tasks.spawn(fetch(url.clone()));
    }

    let mut report = Report::default();
    let collect = async {
        while let Some(finished) = tasks.join_next().await {
            *report.counts.entry(finished??).or_insert(0) += 1;
        }
        Ok::<(), Error>(())
    };
    if let Ok(collected) = timeout(limit, collect).await {
        collected?;
    }
    // Dropping the JoinSet aborts the tasks that are still running.
    report.timed_out = tasks.len();
    Ok(report)
}
