// Wrong: await each fetch in the loop, with its own timeout, like `for url in urls: await wait_for(fetch(url), limit)`
// Caught by sites_that_answer_in_time_are_counted: "Did you await each fetch before starting the next?"
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
    let mut report = Report::default();
    for url in urls {
        match timeout(limit, fetch(url.clone())).await {
            Ok(fetched) => *report.counts.entry(fetched?).or_insert(0) += 1,
            Err(_elapsed) => report.timed_out += 1,
        }
    }
    Ok(report)
}
