// Wrong: report the fetches that answered; a fetch that failed has no result worth reporting
// Caught by a_failed_fetch_is_reported_too: "its error should be reported at once"

use crate::Error;
use futures_util::StreamExt;
use futures_util::stream;
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
    let mut done = stream::iter(urls.iter().enumerate())
        .map(|(index, url)| {
            let fetching = fetch(url.clone());
            async move { (index, fetching.await) }
        })
        .buffer_unordered(limit);
    while let Some((index, result)) = done.next().await {
        if result.is_ok() {
            report(index, result);
        }
    }
}
