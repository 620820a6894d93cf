// Wrong: gathers every result first, then reports them all, like `asyncio.gather`
// Caught by each_check_is_reported_as_it_ends: "not all of them at the end of the round"
// Draws: "host b"
use crate::host::host_of;
use crate::{Checked, Error, Failure, Limits, Page};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::{sleep, timeout};

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
    assert!(
        limits.overall > 0 && limits.per_host > 0,
        "a limit of 0 would never let a request start"
    );
    let fetch = Arc::new(fetch);
    let overall = Arc::new(Semaphore::new(limits.overall));
    let mut hosts: HashMap<&str, Arc<Semaphore>> = HashMap::new();
    let mut checks = JoinSet::new();
    for site in sites {
        let host = hosts
            .entry(host_of(site))
            .or_insert_with(|| Arc::new(Semaphore::new(limits.per_host)))
            .clone();
        let (overall, fetch, site) = (overall.clone(), fetch.clone(), site.clone());
        checks.spawn(async move {
            // One request: the host's permit first, then one of the overall limit
            // (waiting for a busy host holds nothing the other hosts could use).
            let request = |url: String| {
                let (host, overall, fetch) = (host.clone(), overall.clone(), fetch.clone());
                async move {
                    let _host = host.acquire_owned().await.expect("never closed");
                    let _slot = overall.acquire_owned().await.expect("never closed");
                    (*fetch)(url).await
                }
            };
            // The first request's permits before the clock starts: time spent queued
            // behind the limits is not the site's fault.
            let host_permit = host.clone().acquire_owned().await.expect("never closed");
            let slot = overall.clone().acquire_owned().await.expect("never closed");
            let first = {
                let fetching = (*fetch)(site.clone());
                async move {
                    let _permits = (host_permit, slot);
                    fetching.await
                }
            };
            let hedge = async {
                sleep(limits.patience).await;
                request(site.clone()).await
            };
            let answer = timeout(limits.timeout, async {
                tokio::select! {
                    answer = first => answer,
                    answer = hedge => answer,
                }
            })
            .await;
            let checked = match answer {
                Ok(Ok(page)) => Ok(page),
                Ok(Err(error)) => Err(Failure::Failed(error.to_string())),
                Err(_) => Err(Failure::TimedOut),
            };
            (site, checked)
        });
    }
    // Gather every result, then report them all (like asyncio.gather).
    let mut results = Vec::new();
    while let Some(done) = checks.join_next().await {
        results.push(done);
    }
    for done in results {
        match done {
            Ok((site, checked)) => report(site, checked),
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(error) => panic!("a check was cancelled: {error}"),
        }
    }
}
