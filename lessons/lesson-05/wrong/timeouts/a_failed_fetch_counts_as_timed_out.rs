// Wrong: a site that failed did not answer either, so it goes with the timeouts
// Caught by a_failed_fetch_is_an_error: "return that error, not count it"
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
        tasks.spawn(timeout(limit, fetch(url.clone())));
    }

    let mut report = Report::default();
    while let Some(finished) = tasks.join_next().await {
        match finished? {
            Ok(Ok(status)) => *report.counts.entry(status).or_insert(0) += 1,
            // Too slow, or broken: either way, no answer.
            Ok(Err(_)) | Err(_) => report.timed_out += 1,
        }
    }
    Ok(report)
}
