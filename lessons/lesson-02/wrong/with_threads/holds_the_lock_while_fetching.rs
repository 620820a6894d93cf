// Wrong: takes the lock first and fetches while holding it, so the update is safe
// Caught by all_requests_are_in_flight_together: "fetched its site while it held the lock"
// Draws: "peak 1"
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

/// Fetches every URL on its own thread, all at the same time, and counts how many
/// answered with each status. Returns an error if a site could not be fetched.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let counts = Mutex::new(Counts::new());

    let fetched: Vec<Result<(), Error>> = thread::scope(|scope| {
        let handles: Vec<_> = urls
            .iter()
            .map(|url| {
                scope.spawn(|| {
                    let mut counts = counts.lock().unwrap();
                    let status = status(&agent, url)?;
                    *counts.entry(status).or_insert(0) += 1;
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a fetching thread panicked"))
            .collect()
    });

    for result in fetched {
        result?;
    }
    Ok(counts.into_inner().unwrap())
}
