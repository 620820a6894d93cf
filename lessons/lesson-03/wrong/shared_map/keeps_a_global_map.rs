// Wrong: keeps the counts in one global map, like the talk's STATS dict, and no Arc
// Caught by counts_match_the_list: "A map that outlives the call"
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
use std::thread;

/// Every status counted so far, like the talk's global STATS.
static STATS: Mutex<Counts> = Mutex::new(Counts::new());

/// Fetches every URL on its own `thread::spawn` thread, all at the same time, and
/// counts how many answered with each status in one map that all the threads share.
/// Returns an error if a site could not be fetched.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            let agent = agent.clone();
            let url = url.clone();
            thread::spawn(move || -> Result<(), Error> {
                let status = status(&agent, &url)?;
                *STATS.lock().unwrap().entry(status).or_insert(0) += 1;
                Ok(())
            })
        })
        .collect();

    let results: Vec<Result<(), Error>> = handles
        .into_iter()
        .map(|handle| handle.join().expect("a fetching thread panicked"))
        .collect();
    results.into_iter().collect::<Result<(), Error>>()?;
    Ok(STATS.lock().unwrap().clone())
}
