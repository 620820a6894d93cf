// Wrong: reads the count under one lock() and writes count + 1 under a second lock()
// Caught by no_update_is_lost: "Lost updates"
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
                    let status = status(&agent, url)?;
                    // Like Python's STATS[status] = STATS.get(status, 0) + 1.
                    let seen = counts.lock().unwrap().get(&status).copied().unwrap_or(0);
                    counts.lock().unwrap().insert(status, seen + 1);
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
