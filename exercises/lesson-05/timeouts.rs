//! Exercise `timeouts`: the Healthcheck Counter with a time limit on every site. Sites
//! that answer in time are counted by status; the others are counted as timed out.
//!
//! Test it: `cargo test -p lesson-05 --test timeouts`

use crate::{Error, Report};
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::timeout;

// ANCHOR: stub
/// Fetches every URL in its own task with `fetch`, giving each at most `limit`.
/// Returns the statuses of those that answered in time and the number that did not;
/// an error if a fetch failed or a task panicked.
///
/// `fetch(url)` returns a future that fetches one URL. The tests pass a stand-in that
/// waits on tokio's clock (with time paused, so they take no real time); the demo
/// passes the real HTTP client.
pub async fn check_all<F, Fut>(urls: &[String], fetch: F, limit: Duration) -> Result<Report, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
{
    // `timeout(limit, future)` is a future that gives `future` at most `limit`:
    // `Ok(its output)`, or `Err(Elapsed)` if the limit passes first (the `future`
    // is then dropped, which cancels it, with the `Timeout`).
    // Lesson 02's `with_tasks` is a good start; the limit is per site, not overall.
    todo!(
        "fetch {} URLs with a limit of {limit:?} each, and report",
        urls.len()
    )
}
// ANCHOR_END: stub
