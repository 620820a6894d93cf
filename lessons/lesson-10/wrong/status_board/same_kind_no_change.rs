// Wrong: a status of the same kind as before (an answer, a timeout) is no change
// Caught by two_writers_one_change: "Neither thread was told"
// Draws: "thread 2"
use crate::sync::RwLock;
use crate::{Change, Status};
use std::collections::{BTreeMap, HashMap};

/// The latest status of every site. Its methods are not `async`: none of them can
/// hold the lock across an `.await`, because there is none.
#[derive(Debug, Default)]
pub struct StatusBoard {
    statuses: RwLock<HashMap<String, Status>>,
}

impl StatusBoard {
    pub fn new() -> Self {
        StatusBoard::default()
    }

    /// Records `status` as the latest of `site` and returns the change, if it is one:
    /// a site seen for the first time, or a status not equal to the one recorded.
    /// Two writers that record the same new status at once get one change between
    /// them, never two.
    pub fn record(&self, site: &str, status: Status) -> Option<Change> {
        // Compare and record under one write lock: between a read and a later write,
        // another writer could record the same status, and both would report it.
        let mut statuses = self.statuses.write().unwrap_or_else(|e| e.into_inner());
        if statuses.get(site).map(std::mem::discriminant) == Some(std::mem::discriminant(&status)) {
            return None;
        }
        let from = statuses.insert(site.to_owned(), status.clone());
        Some(Change {
            site: site.to_owned(),
            from,
            to: status,
        })
    }

    /// The latest status of `site`, if it was ever checked.
    pub fn get(&self, site: &str) -> Option<Status> {
        let statuses = self.statuses.read().unwrap_or_else(|e| e.into_inner());
        statuses.get(site).cloned()
    }

    /// Every site's latest status, sorted by site: a copy, so the lock is held only
    /// while it is made.
    pub fn snapshot(&self) -> BTreeMap<String, Status> {
        let statuses = self.statuses.read().unwrap_or_else(|e| e.into_inner());
        statuses
            .iter()
            .map(|(site, status)| (site.clone(), status.clone()))
            .collect()
    }
}
