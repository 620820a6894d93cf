//! Milestone 2, `status_board`: the latest status of every site, read by many and
//! written by a few (lessons 03 and 06).
//!
//! Test it: `cargo test -p lesson-10 --test status_board`

use crate::sync::RwLock;
use crate::{Change, Status};
use std::collections::{BTreeMap, HashMap};

/// The latest status of every site. Its methods are not `async`: none of them can
/// hold the lock across an `.await`, because there is none.
#[derive(Debug, Default)]
pub struct StatusBoard {
    // The table: which map, behind which lock? `crate::sync::RwLock` is the
    // standard library's (the test swaps in one that watches how you lock).
    statuses: RwLock<HashMap<String, Status>>,
}

// ANCHOR: stub
impl StatusBoard {
    pub fn new() -> Self {
        StatusBoard::default()
    }

    /// Records `status` as the latest of `site` and returns the change, if it is one:
    /// a site seen for the first time, or a status not equal to the one recorded.
    /// Two writers that record the same new status at once get one change between
    /// them, never two.
    pub fn record(&self, site: &str, status: Status) -> Option<Change> {
        // Compare and record: one critical section, or two? What happens if two
        // writers record the same new status at the same moment?
        todo!("record {status:?} for {site}, returning the change if it is one")
    }

    /// The latest status of `site`, if it was ever checked.
    pub fn get(&self, site: &str) -> Option<Status> {
        todo!("the latest status of {site}")
    }

    /// Every site's latest status, sorted by site: a copy, so the lock is held only
    /// while it is made.
    pub fn snapshot(&self) -> BTreeMap<String, Status> {
        // A copy of the table, so that the lock is held only while it is made.
        todo!("every site's latest status")
    }
}
// ANCHOR_END: stub
