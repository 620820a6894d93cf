// Wrong: `total()` should not wait behind a slow add, so it uses `try_lock` and answers 0 when the lock is busy
// Caught by the_total_never_runs_ahead_of_the_journal: "Does total() give up when the lock is busy"

use crate::journal::Journal;
use std::sync::Arc;
use tokio::sync::Mutex;

#[derive(Debug)]
pub struct Ledger {
    // tokio's Mutex: its guard may be held across the journal's `.await` (the
    // guard is `Send`, and a task waiting for the lock yields to the others
    // instead of blocking the thread). The total lives INSIDE the lock, so no
    // code can reach it without locking.
    total: Mutex<u64>,
    journal: Arc<Journal>,
}

impl Ledger {
    pub fn new(journal: Arc<Journal>) -> Ledger {
        Ledger {
            total: Mutex::new(0),
            journal,
        }
    }

    /// Adds `amount`: appends the new total to the journal, then makes it the
    /// total, and returns it. Adds that run at the same time take turns.
    pub async fn add(&self, amount: u64) -> u64 {
        let mut total = self.total.lock().await;
        let new_total = *total + amount;
        // Held across this `.await`: another add waits here until we are done.
        self.journal.append(new_total).await;
        *total = new_total;
        new_total
    }

    /// The total now: the last one written to the journal.
    pub async fn total(&self) -> u64 {
        // Never wait behind a slow journal write.
        self.total.try_lock().map_or(0, |total| *total)
    }
}
