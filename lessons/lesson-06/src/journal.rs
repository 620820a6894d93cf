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

    // ANCHOR: append
    /// Writes `total` at the end of the journal. It is in the journal when this
    /// returns, and not before. Dropped before it returns (its task aborted, say),
    /// it writes nothing.
    pub async fn append(&self, total: u64) {
        let _in_flight = InFlight::new(self);
        sleep(Duration::from_millis(1 + (total * 7) % 5)).await;
        self.entries.lock().unwrap().push(total);
    }
    // ANCHOR_END: append

    /// Everything appended so far, in the order the appends finished.
    pub fn entries(&self) -> Vec<u64> {
        self.entries.lock().unwrap().clone()
    }

    /// How many appends are running now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

/// Counts one append in flight for as long as it lives: a guard, so that an append
/// dropped halfway is counted out too.
struct InFlight<'a>(&'a Journal);

impl<'a> InFlight<'a> {
    fn new(journal: &'a Journal) -> Self {
        let now = journal.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        journal.peak.fetch_max(now, Ordering::SeqCst);
        InFlight(journal)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
