//! Exercise `as_completed`: report every result the moment it arrives, with at most
//! `limit` fetches in flight: the talk's `for future in asyncio.as_completed(tasks)`.
//!
//! Test it: `cargo test -p lesson-07 --test as_completed`

use crate::Error;
use futures_util::StreamExt;
use futures_util::stream;
use std::future::Future;

// ANCHOR: stub
/// Fetches the URLs with `fetch`, at most `limit` at a time, starting them in list
/// order, and calls `report(index, result)` for each as soon as it finishes: fastest
/// first. `index` is the URL's place in `urls`. A failed fetch is reported too.
///
/// Panics if `limit` is 0.
pub async fn in_completion_order<F, Fut, R>(urls: &[String], limit: usize, fetch: F, mut report: R)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>> + Send + 'static,
    R: FnMut(usize, Result<u16, Error>),
{
    // This time, try it without a semaphore: a *stream* of futures can run several
    // at a time and hand you each output when it is ready. See `tour::buffer_unordered`
    // in the chapter. (A JoinSet with a semaphore works too.)
    //
    // The tests check *when* `report` is called, on tokio's clock: each result must be
    // reported the moment its fetch ends, not after all of them.
    todo!(
        "fetch {} URLs, at most {limit} at a time, reporting each as it finishes",
        urls.len()
    )
}
// ANCHOR_END: stub
