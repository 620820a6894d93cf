// Wrong: I count the statuses of the sites that answered and skip the ones that failed
// Caught by a_site_that_does_not_answer_is_an_error: "not leave the site out"
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
        // A site that is down has no status to count.
        if let Ok(status) = handle.join().expect("a fetching coroutine panicked") {
            *counts.entry(status).or_insert(0) += 1;
        }
    }
    Ok(counts)
}
