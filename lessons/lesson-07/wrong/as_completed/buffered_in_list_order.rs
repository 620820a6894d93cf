// Wrong: `buffered(limit)` runs `limit` at a time just the same, and gives the results back in a tidy order
// Caught by fastest_first: "not in list order"

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
        .buffered(limit);
    while let Some((index, result)) = done.next().await {
        report(index, result);
    }
}
