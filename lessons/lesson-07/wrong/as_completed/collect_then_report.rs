// Wrong: gather every result first, fastest first, then report them all, like `results = await asyncio.gather(...)`
// Caught by fastest_first: "not all at once at the end"

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
    let results: Vec<(usize, Result<u16, Error>)> = stream::iter(urls.iter().enumerate())
        .map(|(index, url)| {
            let fetching = fetch(url.clone());
            async move { (index, fetching.await) }
        })
        .buffer_unordered(limit)
        .collect()
        .await;
    for (index, result) in results {
        report(index, result);
    }
}
