// Wrong: joins each thread right after spawning it, like t.start(); t.join() in one loop
// Caught by all_requests_are_in_flight_together: "Start every thread before you join any"
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

    thread::scope(|scope| {
        for url in urls {
            let handle = scope.spawn(|| {
                let status = status(&agent, url)?;
                *counts.lock().unwrap().entry(status).or_insert(0) += 1;
                Ok::<(), Error>(())
            });
            handle.join().expect("a fetching thread panicked")?;
        }
        Ok::<(), Error>(())
    })?;
    Ok(counts.into_inner().unwrap())
}
