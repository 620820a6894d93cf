// Wrong: spawn every fetch, then give each JoinHandle the limit as I await it
// Caught by slow_sites_time_out_and_are_counted_apart: "A timeout around each JoinHandle, awaited in turn"
// Draws: "900 ms in all"
//! Exercise `timeouts`: the Healthcheck Counter with a time limit on every site. Sites
//! that answer in time are counted by status; the others are counted as timed out.
//!
//! Test it: `cargo test -p lesson-05 --test timeouts`

use crate::{Error, Report};
use std::future::Future;
use std::time::Duration;
use tokio::time::timeout;

/// Fetches every URL in its own task with `fetch`, giving each at most `limit`.
/// Returns the statuses of those that answered in time and the number that did not;
/// an error if a fetch failed or a task panicked.
pub async fn check_all<F, Fut>(urls: &[String], fetch: F, limit: Duration) -> Result<Report, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
{
    let handles: Vec<_> = urls
        .iter()
        .map(|url| tokio::spawn(fetch(url.clone())))
        .collect();

    let mut report = Report::default();
    for handle in handles {
        match timeout(limit, handle).await {
            Ok(finished) => *report.counts.entry(finished??).or_insert(0) += 1,
            Err(_elapsed) => report.timed_out += 1,
        }
    }
    Ok(report)
}
