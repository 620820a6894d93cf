// Wrong: each thread returns a one-entry map, merged with extend, like dict.update
// Caught by counts_match_the_list: "Every status was counted once"
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
    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            let agent = agent.clone();
            let url = url.clone();
            thread::spawn(move || -> Result<Counts, Error> {
                let status = status(&agent, &url)?;
                Ok(Counts::from([(status, 1)]))
            })
        })
        .collect();

    let mut counts = Counts::new();
    for handle in handles {
        let seen = handle.join().expect("a fetching thread panicked")?;
        counts.extend(seen);
    }
    Ok(counts)
}
