//! A logic race that compiles: the chapter's example, and where the `tickets`
//! exercise starts.

use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: racy
/// A ticket dispenser built from atomics only. It compiles without a warning, and
/// two threads can get the same ticket.
#[derive(Debug, Default)]
pub struct RacyDispenser {
    next: AtomicUsize,
}

impl RacyDispenser {
    pub fn take(&self) -> usize {
        let ticket = self.next.load(Ordering::SeqCst);
        // Another thread can load the same `ticket` right here.
        self.next.store(ticket + 1, Ordering::SeqCst);
        ticket
    }
}
// ANCHOR_END: racy
