// Wrong: I join each coroutine right after spawning it, the way I would wait for a greenlet
// Caught by a_pool_of_100_over_500_requests: "one request at a time"
// Draws: "peak 1"
//! Exercise `greenlet_pool`: the talk's `pool.Pool(100)` over 500 requests, as may
//! coroutines with may's sockets.

use crate::fetch::{agent, status};
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
    let agent = agent();
    let pool = Arc::new(Semphore::new(limit));

    let mut counts = Counts::new();
    for url in urls {
        pool.wait();
        let (agent, pool, url) = (agent.clone(), Arc::clone(&pool), url.clone());
        let status = go!(move || {
            let status = status(&agent, &url);
            pool.post();
            status
        })
        .join()
        .expect("a fetching coroutine panicked")?;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
