// Wrong: fixes the gauge with fetch_max but keeps take as a load, then a store
// Caught by two_threads_never_get_the_same_ticket: "A load and a store are two steps"
// Draws: "[xxx"
//! Exercise `tickets`: two counters with a race that the compiler cannot see.
//!
//! Both types below compile, pass every single-threaded test, and are wrong. Each
//! one READS an atomic and then WRITES it, in two separate operations; another
//! thread can run in between. No data race (every access is atomic), so Rust is
//! happy: this is a logic race, and it is yours to fix.
//!
//! Run the test first and read what loom found. Then replace each read-then-write
//! with ONE atomic operation that reads and writes in a single indivisible step.
//! `AtomicUsize` has several; pick the one that says what you mean.
//!
//! Keep the `use crate::sync::...` line as it is: the loom test compiles this file
//! with loom's atomics in place of the standard library's.
//!
//! Test it: `cargo test -p lesson-03 --test tickets`

use crate::sync::atomic::{AtomicUsize, Ordering};

/// A ticket dispenser, like the one at a deli counter: every caller must get a
/// different number, 0, 1, 2, ...
#[derive(Debug, Default)]
pub struct Dispenser {
    next: AtomicUsize,
}

impl Dispenser {
    pub fn new() -> Dispenser {
        Dispenser::default()
    }

    /// Takes the next ticket.
    pub fn take(&self) -> usize {
        // Both operations are atomic, so the ticket is safe.
        let ticket = self.next.load(Ordering::SeqCst);
        self.next.store(ticket + 1, Ordering::SeqCst);
        ticket
    }
}

/// The gauge of the slow-websites server: how many requests are in flight, and the
/// most there ever were at once.
#[derive(Debug, Default)]
pub struct Gauge {
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    pub fn new() -> Gauge {
        Gauge::default()
    }

    /// A request arrives.
    pub fn enter(&self) {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        // "Store the larger of the two" as one step: a lower value can never
        // overwrite a higher one.
        self.peak.fetch_max(now, Ordering::SeqCst);
    }

    /// A request has been answered.
    pub fn leave(&self) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }

    /// The most requests there were in flight at the same moment.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}
