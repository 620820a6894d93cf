//! A journal that is slow to write to, for the `ledger` exercise: a write-ahead log
//! on a disk far away. Each append is an `.await` that takes a few milliseconds on
//! tokio's clock, a different number for different values, so appends that run at
//! the same time finish in a different order than they started.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::sleep;

#[derive(Debug, Default)]
pub struct Journal {
    // A std Mutex: it is held for one `push` or one `clone`, never across an `.await`.
    entries: Mutex<Vec<u64>>,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl Journal {
    pub fn new() -> Journal {
        Journal::default()
    }

    /// Writes `total` at the end of the journal. It is in the journal when this
    /// returns, and not before.
    pub async fn append(&self, total: u64) {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        sleep(Duration::from_millis(1 + (total * 7) % 5)).await;
        self.entries.lock().unwrap().push(total);
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }

    /// Everything appended so far, in the order the appends finished.
    pub fn entries(&self) -> Vec<u64> {
        self.entries.lock().unwrap().clone()
    }

    /// How many appends are running now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}
