// Wrong: skips a site that cannot be fetched, like try: ... except: continue
// Caught by a_site_that_does_not_answer_is_an_error: "should return the error"
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
        let Ok(status) = status(&agent, url) else {
            continue;
        };
        *counts.entry(status).or_insert(0) += 1;
    }
    Ok(counts)
}
