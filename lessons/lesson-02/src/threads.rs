//! Threads, the other way round from the exercise: each thread *returns* its status,
//! and only the main thread counts. No shared map, so no lock.

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use std::thread;

// ANCHOR: returning
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let statuses: Vec<Result<u16, Error>> = thread::scope(|scope| {
        // Start every thread first...
        let handles: Vec<_> = urls
            .iter()
            .map(|url| scope.spawn(|| status(&agent, url)))
            .collect();
        // ...and only then wait for them, in any order: they are all running by now.
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a fetching thread panicked"))
            .collect()
    });

    let mut counts = Counts::new();
    for status in statuses {
        *counts.entry(status?).or_insert(0) += 1;
    }
    Ok(counts)
}
// ANCHOR_END: returning
