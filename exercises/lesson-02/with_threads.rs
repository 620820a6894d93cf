//! Exercise `with_threads`: the talk's threaded Healthcheck Counter. One thread per
//! URL, and every thread adds its status to one shared map, behind a lock.
//!
//! Test it: `cargo test -p lesson-02 --test with_threads`

use crate::fetch::{agent, status};
// The standard library's Mutex. Keep this line: the test swaps in one that lets
// another thread in between any two `lock()` calls, to show a race that timing hides.
use crate::sync::Mutex;
use crate::{Counts, Error};
use std::thread;

// ANCHOR: stub
/// Fetches every URL on its own thread, all at the same time, and counts how many
/// answered with each status. Returns an error if a site could not be fetched.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    // One `agent()` for all threads (they can share it), and the counts in a
    // `Mutex<Counts>` that every thread updates.
    //
    // `thread::scope(|scope| ...)` lets threads borrow local variables; spawn one
    // with `scope.spawn(|| ...)`. Start ALL the threads before you join any: a
    // thread joined right after it is spawned makes the program sequential again.
    todo!(
        "fetch {} URLs on one thread each and count their statuses",
        urls.len()
    )
}
// ANCHOR_END: stub
