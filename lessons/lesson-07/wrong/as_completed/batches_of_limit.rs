// Wrong: take the URLs `limit` at a time and report each batch's results as they finish, then start the next batch
// Caught by fastest_first_with_a_limit: "not in batches"
// Draws: "1      1"

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
    for (batch, chunk) in urls.chunks(limit).enumerate() {
        let mut done: FuturesUnordered<_> = chunk
            .iter()
            .enumerate()
            .map(|(offset, url)| {
                let fetching = fetch(url.clone());
                async move { (batch * limit + offset, fetching.await) }
            })
            .collect();
        while let Some((index, result)) = done.next().await {
            report(index, result);
        }
    }
}
