//! Exercise `bounded`: the Healthcheck Counter with at most `limit` requests in
//! flight, the talk's `asyncio.Semaphore(100)`.
//!
//! Test it: `cargo test -p lesson-07 --test bounded`

use crate::{Counts, Error};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

// ANCHOR: stub
/// Fetches every URL with `fetch`, never more than `limit` at a time, and starts the
/// next one (in list order) as soon as any one ends. Counts how many answered with
/// each status; returns an error if a fetch failed or a task panicked.
///
/// Panics if `limit` is 0: nothing could ever start.
///
/// `fetch(url)` returns a future that fetches one URL. The tests pass the kit's real
/// client (against the local server, which counts requests in flight) and a stand-in
/// that waits on tokio's paused clock; the `sweep` demo passes the real client.
pub async fn fetch_all<F, Fut>(urls: &[String], limit: usize, fetch: F) -> Result<Counts, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
{
    // Lesson 05's `check_all` is a good start: a task per URL in a `JoinSet`.
    // Then bound it: a `Semaphore` with `limit` permits, shared through an `Arc`.
    // Who holds a permit, from when, until when? "N at a time, then the next N"
    // is not the same thing: a slot should be reused the moment it is free.
    todo!(
        "fetch {} URLs, at most {limit} in flight at once, and count their statuses",
        urls.len()
    )
}
// ANCHOR_END: stub
