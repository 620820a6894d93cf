// Wrong: joins each thread right after spawning it, like t.start(); t.join() in one loop
// Caught by all_requests_are_in_flight_together: "Start every thread before you join any"
// Draws: "peak 1"
//! Exercise `merged_map`: the same counter with no shared state at all.
//!
//! The lock in `shared_map` exists because many threads write one map. Take the map
//! away from them: each thread only fetches, and RETURNS its status through its
//! `JoinHandle`; the calling thread, alone, adds them up. Nothing is shared, so
//! there is nothing to lock and nothing to race on. (The talk's subprocess checker
//! has the same shape, with processes and printed JSON in place of threads and
//! return values.)
//!
//! Test it: `cargo test -p lesson-03 --test merged_map`

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use std::thread;

/// Fetches every URL on its own `thread::spawn` thread, all at the same time; each
/// thread returns its status, and this function counts them. Returns an error if a
/// site could not be fetched.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let mut counts = Counts::new();
    for url in urls {
        let agent = agent.clone();
        let url = url.clone();
        let handle = thread::spawn(move || status(&agent, &url));
        let status = handle.join().expect("a fetching thread panicked")?;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
