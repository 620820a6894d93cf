// Wrong: put every fetch in one `FuturesUnordered` and report each as it finishes: `as_completed` has no limit either
// Caught by fastest_first_with_a_limit: "more than the limit"
// Draws: "peak 6"

use crate::Error;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use std::future::Future;

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
    assert!(limit > 0, "a limit of 0 would never let a fetch start");
    let mut done: FuturesUnordered<_> = urls
        .iter()
        .enumerate()
        .map(|(index, url)| {
            let fetching = fetch(url.clone());
            async move { (index, fetching.await) }
        })
        .collect();
    while let Some((index, result)) = done.next().await {
        report(index, result);
    }
}
