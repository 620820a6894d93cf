// Wrong: add to the total under the lock, then write the journal after letting go, so adds do not wait for each other's appends
// Caught by every_total_is_journaled_once_in_order: "The journal must read like the history of the total"
// Draws: "peak 12"

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
        let new_total = {
            let mut total = self.total.lock().await;
            *total += amount;
            *total
        };
        // The total is safe; the journal can catch up without holding anyone up.
        self.journal.append(new_total).await;
        new_total
    }

    /// The total now: the last one written to the journal.
    pub async fn total(&self) -> u64 {
        *self.total.lock().await
    }
}
