//! Exercise `greenlet_pool`: the talk's `pool.Pool(100)` over 500 requests, as may
//! coroutines with may's sockets.
//!
//! Test it: `cargo test -p lesson-04 --test greenlet_pool`

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use may::go;
use may::sync::Semphore;
use std::sync::Arc;

// ANCHOR: stub
/// Fetches every URL in its own coroutine, with at most `limit` requests in flight
/// at any moment, and counts how many answered with each status. Returns an error
/// if a site could not be fetched at all.
///
/// Panics if `limit` is 0: a pool with no room would wait forever.
pub fn count_statuses(urls: &[String], limit: usize) -> Result<Counts, Error> {
    // `agent()` makes a client whose sockets are may's: a request parks only its
    // own coroutine. Clone it into each coroutine (clones share one client).
    //
    // The limit is a semaphore with `limit` permits: `may::sync::Semphore` (sic),
    // shared through an `Arc`. `wait()` takes a permit (and waits while there is
    // none), `post()` gives it back. Who takes it, and when is it given back?
    //
    // Spawn with `go!(move || ...)`, keep the handles, and count after joining.
    todo!(
        "fetch {} URLs, at most {limit} at a time, and count their statuses",
        urls.len()
    )
}
// ANCHOR_END: stub
