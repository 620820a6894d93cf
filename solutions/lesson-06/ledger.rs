//! Exercise `ledger`: a running total that is written to a journal before it counts.
//!
//! Every `add` computes the new total, appends it to the journal (an `.await`: the
//! journal is slow), and only then makes it the total. The whole read, append and
//! store must be one step that no other `add` can enter halfway; otherwise two adds
//! read the same total (an update is lost) or their appends land out of order.
//! The critical section has an `.await` inside it, and that decides which mutex.
//!
//! Test it: `cargo test -p lesson-06 --test ledger`

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
        *self.total.lock().await
    }
}
