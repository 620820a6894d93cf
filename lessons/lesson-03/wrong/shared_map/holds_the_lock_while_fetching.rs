// Wrong: locks the map for the whole thread, fetch included, as a GIL would
// Caught by all_requests_are_in_flight_together: "fetched its site while it held the lock"
// Draws: "peak 1"
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

/// Fetches every URL on its own `thread::spawn` thread, all at the same time, and
/// counts how many answered with each status in one map that all the threads share.
/// Returns an error if a site could not be fetched.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let counts = Arc::new(Mutex::new(Counts::new()));

    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            let counts = Arc::clone(&counts);
            let agent = agent.clone();
            let url = url.clone();
            thread::spawn(move || -> Result<(), Error> {
                let mut counts = counts.lock().unwrap();
                let status = status(&agent, &url)?;
                *counts.entry(status).or_insert(0) += 1;
                Ok(())
            })
        })
        .collect();

    let results: Vec<Result<(), Error>> = handles
        .into_iter()
        .map(|handle| handle.join().expect("a fetching thread panicked"))
        .collect();
    results.into_iter().collect::<Result<(), Error>>()?;

    let counts = Arc::into_inner(counts).expect("every thread has been joined");
    Ok(counts.into_inner().unwrap())
}
