//! Exercise `per_host`: at most `per_host` requests in flight to any one host, and at
//! most `overall` in all, as a browser or a polite crawler does.
//!
//! Test it: `cargo test -p lesson-07 --test per_host`

use crate::host::host_of;
use crate::{Counts, Error};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

// ANCHOR: stub
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
    // Start from your `bounded`. One semaphore is not enough now: every request needs
    // room at its host *and* room overall. How many semaphores, kept where? In which
    // order should a task take its permits, so that a task waiting for a busy host
    // does not hold up requests to the others?
    todo!(
        "fetch {} URLs, at most {per_host} per host and {overall} in all",
        urls.len()
    )
}
// ANCHOR_END: stub
