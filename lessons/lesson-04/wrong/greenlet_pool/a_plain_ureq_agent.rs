// Wrong: I fetch with a plain ureq agent, the client I used with threads
// Caught by a_pool_of_100_over_500_requests: "blocks its worker thread"
// Draws: "peak 2"
//! Exercise `greenlet_pool`: the talk's `pool.Pool(100)` over 500 requests, as may
//! coroutines with may's sockets.

use crate::fetch::status;
use crate::{Counts, Error};
use may::go;
use may::sync::Semphore;
use std::sync::Arc;

/// Fetches every URL in its own coroutine, with at most `limit` requests in flight
/// at any moment, and counts how many answered with each status. Returns an error
/// if a site could not be fetched at all.
///
/// Panics if `limit` is 0: a pool with no room would wait forever.
pub fn count_statuses(urls: &[String], limit: usize) -> Result<Counts, Error> {
    assert!(limit > 0, "a pool needs room for at least one request");
    // The client from the threads lesson: every status is a status, not an error.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let pool = Arc::new(Semphore::new(limit));

    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            pool.wait();
            let (agent, pool, url) = (agent.clone(), Arc::clone(&pool), url.clone());
            go!(move || {
                let status = status(&agent, &url);
                pool.post();
                status
            })
        })
        .collect();

    let mut counts = Counts::new();
    for handle in handles {
        let status = handle.join().expect("a fetching coroutine panicked")?;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
