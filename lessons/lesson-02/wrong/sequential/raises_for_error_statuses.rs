// Wrong: treats a 4xx or 5xx answer as a failed fetch, like response.raise_for_status()
// Caught by counts_every_status: "a 404 or a 503 is a status to count, not an error"
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
        let status = status(&agent, url)?;
        if status >= 400 {
            return Err(format!("{url} answered {status}").into());
        }
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
