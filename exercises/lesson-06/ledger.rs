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
// `tokio::sync::Mutex` is an async mutex: `lock().await`.
use tokio::sync::Mutex;

// ANCHOR: stub
#[derive(Debug)]
pub struct Ledger {
    // The obvious start. Does its guard survive an `.await` in a spawned task?
    // Change the type if you need to (and `new` with it).
    total: std::sync::Mutex<u64>,
    journal: Arc<Journal>,
}

impl Ledger {
    pub fn new(journal: Arc<Journal>) -> Ledger {
        Ledger {
            total: std::sync::Mutex::new(0),
            journal,
        }
    }

    /// Adds `amount`: appends the new total to the journal, then makes it the
    /// total, and returns it. Adds that run at the same time take turns.
    pub async fn add(&self, amount: u64) -> u64 {
        // Read the total, `self.journal.append(new_total).await`, store it. What
        // keeps another add out between your read and your store?
        todo!("add {amount} to the total, journaling the new total first")
    }

    /// The total now: the last one written to the journal.
    pub async fn total(&self) -> u64 {
        todo!("the total")
    }
}
// ANCHOR_END: stub
