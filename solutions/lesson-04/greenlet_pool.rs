//! Exercise `greenlet_pool`: the talk's `pool.Pool(100)` over 500 requests, as may
//! coroutines with may's sockets.
//!
//! Test it: `cargo test -p lesson-04 --test greenlet_pool`

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
    // may spells it `Semphore`. `wait` takes a permit, parking until one is free;
    // `post` gives one back.
    let pool = Arc::new(Semphore::new(limit));

    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            // Like gevent's `Pool.spawn`: wait for room *before* starting the next
            // greenlet, so no more than `limit` coroutines ever exist at once.
            pool.wait();
            let (agent, pool, url) = (agent.clone(), Arc::clone(&pool), url.clone());
            go!(move || {
                let status = status(&agent, &url);
                // The request is over, answered or failed: make room for the next.
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
