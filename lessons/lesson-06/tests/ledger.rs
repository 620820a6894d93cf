//! Checks for the `ledger` exercise: `exercises/lesson-06/ledger.rs`.
//!
//! Every check runs on one thread with tokio's clock paused: each journal append
//! takes 1 to 5 ms on that clock, so which task runs when is exact. The adds run in
//! spawned tasks, and `tokio::spawn` accepts only futures that are `Send`: if this
//! file does not compile, read the compiler's note on which value lives across which
//! `.await` in your `add`.

use kit::exercise::Exercise;
use lesson_06::journal::Journal;
use lesson_06::ledger::Ledger;
use std::sync::Arc;
use tokio::task::{JoinSet, yield_now};

const EXERCISE: Exercise = Exercise::new("ledger", "exercises/lesson-06/ledger.rs");

/// Runs `add(1)`, `add(2)`, ..., `add(count)` in tasks of their own, all at once;
/// returns the ledger, its journal, and what each add returned, in order.
async fn add_all(count: u64) -> (Arc<Ledger>, Arc<Journal>, Vec<u64>) {
    let journal = Arc::new(Journal::new());
    let ledger = Arc::new(Ledger::new(Arc::clone(&journal)));
    let mut tasks = JoinSet::new();
    for amount in 1..=count {
        let ledger = Arc::clone(&ledger);
        // `spawn` needs a `Send` future: this is the line that fails to compile if
        // a std MutexGuard lives across the journal's `.await`.
        tasks.spawn(async move { ledger.add(amount).await });
    }
    let mut returned = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(total) => returned.push(total),
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }
    returned.sort_unstable();
    (ledger, journal, returned)
}

#[test]
fn no_update_is_lost() {
    EXERCISE.run_paused(|| async {
        let (ledger, _, _) = add_all(20).await;
        let total = ledger.total().await;
        EXERCISE.check_eq(
            total,
            210,
            "20 adds of 1, 2, ..., 20 at the same time must make 210. Less means adds \
             were lost: two adds read the same total before either stored its own. \
             Between the read and the store there is an `.await` (the journal), and other \
             tasks run there. Keep them out for the whole read, append, store.",
        );
    });
}

#[test]
fn every_total_is_journaled_once_in_order() {
    EXERCISE.run_paused(|| async {
        let (ledger, journal, returned) = add_all(12).await;
        let entries = journal.entries();
        EXERCISE.check(
            entries.windows(2).all(|pair| pair[0] < pair[1]),
            format_args!(
                "The journal must read like the history of the total, each entry larger \
                 than the one before. It reads {entries:?}. Appends that run at the same \
                 time finish in any order: only one add at a time may be between its read \
                 and its store, the append included."
            ),
        );
        EXERCISE.check_eq(
            entries.len(),
            12,
            "12 adds, 12 journal entries: each add appends its new total once.",
        );
        EXERCISE.check_eq(
            returned,
            entries.clone(),
            "What the adds returned, sorted, against the journal: each add returns the \
             total it journaled.",
        );
        EXERCISE.check_eq(
            ledger.total().await,
            78,
            "1 + 2 + ... + 12 = 78, the last entry in the journal.",
        );
    });
}

#[test]
fn the_total_never_runs_ahead_of_the_journal() {
    EXERCISE.run_paused(|| async {
        let journal = Arc::new(Journal::new());
        let ledger = Arc::new(Ledger::new(Arc::clone(&journal)));
        let adding = tokio::spawn({
            let ledger = Arc::clone(&ledger);
            async move { ledger.add(5).await }
        });
        // Let the add run until its append has started (and is waiting on the clock).
        for _ in 0..100 {
            if journal.in_flight() > 0 || adding.is_finished() {
                break;
            }
            yield_now().await;
        }
        EXERCISE.check(
            journal.in_flight() == 1 || adding.is_finished(),
            "add(5) never started its journal append.",
        );
        let seen = ledger.total().await;
        let journaled = journal.entries();
        EXERCISE.check(
            seen == 0 || journaled.contains(&seen),
            format_args!(
                "While add(5) was writing to the journal, total() returned {seen}, and \
                 the journal held {journaled:?}. The total must not count what is not \
                 journaled yet (a crash now would lose it): store the new total after \
                 the append, inside the same critical section."
            ),
        );
        if let Err(error) = adding.await {
            std::panic::resume_unwind(error.into_panic());
        }
        EXERCISE.check_eq(ledger.total().await, 5, "After add(5) the total is 5.");
    });
}
