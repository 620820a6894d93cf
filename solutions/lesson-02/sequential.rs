//! Exercise `sequential`: the talk's first Healthcheck Counter, one site after another.
//!
//! Test it: `cargo test -p lesson-02 --test sequential`

use crate::fetch::{agent, status};
use crate::{Counts, Error};

/// Fetches every URL in turn and counts how many answered with each status.
/// Returns the first error if a site could not be fetched at all.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let agent = agent();
    let mut counts = Counts::new();
    for url in urls {
        // `?` hands a failed fetch back to the caller; a 404 is not a failure, it is
        // a status to count.
        let status = status(&agent, url)?;
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
