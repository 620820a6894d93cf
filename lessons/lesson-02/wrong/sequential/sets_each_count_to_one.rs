// Wrong: writes counts.insert(status, 1), which replaces the count instead of adding
// Caught by counts_every_status: "Every status was counted once"
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
        counts.insert(status, 1);
    }
    Ok(counts)
}
