//! Milestone 1, `check_round`: check every site once, with at most `overall` requests
//! in flight and `per_host` to any one host (lesson 07), a timeout (lesson 05), and a
//! hedged second request for a site slow to answer (lesson 05).
//!
//! Test it: `cargo test -p lesson-10 --test check_round`

use crate::host::host_of;
use crate::{Checked, Error, Failure, Limits, Page};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};

// ANCHOR: stub
/// Checks every site in `sites` once with `fetch` and calls `report` with each site
/// and what its check found, as each check ends. A check's requests (the first and
/// its hedge) each hold a permit of their host and one of the overall limit while in
/// flight. A check whose first request has not answered `patience` after it was sent
/// sends a second one, and the first answer of the two wins. A check gives up
/// `timeout` after its first request was sent: `Failure::TimedOut`.
///
/// Panics if a limit is 0.
pub async fn check_round<F, Fut, R>(sites: &[String], limits: Limits, fetch: F, mut report: R)
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Page, Error>> + Send + 'static,
    R: FnMut(String, Checked),
{
    // Start from lesson 07's `per_host`: one semaphore per host, one for everyone,
    // a task per site in a `JoinSet`, the host's permit first. Then lesson 05: each
    // request (the first and the hedge) holds its own permits; the hedge waits
    // `patience` and races the first; `timeout` bounds the two together. When does a
    // check's clock start: when its task is spawned, or when its first request goes?
    todo!(
        "check {} sites, at most {} per host and {} in all",
        sites.len(),
        limits.per_host,
        limits.overall
    )
}
// ANCHOR_END: stub
