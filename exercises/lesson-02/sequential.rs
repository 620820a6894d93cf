//! Exercise `sequential`: the talk's first Healthcheck Counter, one site after another.
//!
//! Test it: `cargo test -p lesson-02 --test sequential`

use crate::fetch::{agent, status};
use crate::{Counts, Error};

// ANCHOR: stub
/// Fetches every URL in turn and counts how many answered with each status.
/// Returns the first error if a site could not be fetched at all.
pub fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    // Make one client with `agent()` and use it for every URL: it keeps connections
    // open between requests. `status(&agent, url)` fetches one URL.
    // A site that answers 404 is not an error: count it like any other status.
    todo!(
        "fetch {} URLs one after another and count their statuses",
        urls.len()
    )
}
// ANCHOR_END: stub
