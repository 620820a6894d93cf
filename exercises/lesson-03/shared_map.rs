//! Exercise `shared_map`: the talk's thread checker, with threads that own what
//! they use.
//!
//! The talk's threaded Healthcheck Counter keeps its counts in one global dict,
//! STATS, and every thread takes a lock around its update. In lesson 02 you wrote it
//! with scoped threads, which may borrow. Here the threads come from plain
//! `thread::spawn`: they may outlive the function that started them, so they cannot
//! borrow anything. What they share, they must co-own: an `Arc`, holding a `Mutex`,
//! holding the map.
//!
//! Test it: `cargo test -p lesson-03 --test shared_map`

use crate::fetch::{agent, status};
// The standard library's Mutex. Keep this line: the test swaps in one that lets
// another thread in between any two `lock()` calls, to show a race that timing hides.
use crate::sync::Mutex;
use crate::{Counts, Error};
use std::sync::Arc;
use std::thread;

// ANCHOR: stub
/// Fetches every URL on its own `thread::spawn` thread, all at the same time, and
/// counts how many answered with each status in one map that all the threads share.
/// Returns an error if a site could not be fetched.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    // Each thread gets: its own clone of the Arc (the same map), its own clone of
    // the agent (cheap: clones share one connection pool), and its own String.
    // Fetch with no lock held; lock only to count.
    todo!(
        "spawn {} threads that share one Arc<Mutex<Counts>>",
        urls.len()
    )
}
// ANCHOR_END: stub
