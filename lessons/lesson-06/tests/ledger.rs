//! Checks for the `ledger` exercise: `exercises/lesson-06/ledger.rs`.
//!
//! Every check runs on one thread with tokio's clock paused: each journal append
//! takes 1 to 5 ms on that clock, so which task runs when is exact. The adds run in
//! spawned tasks, and `tokio::spawn` accepts only futures that are `Send`: if this
//! file does not compile, read the compiler's note on which value lives across which
//! `.await` in your `add`.
//!
//! Your file is compiled here a second time, next to a `journal` module of the test's
//! own (`tests/watched/journal.rs`): the same journal, which also records which task
//! appended when, so that a failure can draw the appends.

// An untouched exercise is mostly `todo!()`, and calls none of it.
#[cfg_attr(not(feature = "solution"), allow(dead_code))]
#[path = "watched/journal.rs"]
mod journal;

// The exercise file itself, compiled against the `journal` module above.
#[allow(dead_code)]
// As in the lesson crate: an untouched exercise is mostly `todo!()`, so its unused
// names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/ledger.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/ledger.rs")]
mod ledger;

use journal::Journal;
use kit::exercise::Exercise;
use ledger::Ledger;
use std::sync::Arc;
use tokio::task::{JoinHandle, JoinSet, yield_now};

const EXERCISE: Exercise = Exercise::new("ledger", "exercises/lesson-06/ledger.rs");

/// How a failure introduces the appends it draws.
const AS_THE_JOURNAL_SAW_IT: &str = "as the journal saw it (a row per task: [=== one append, \
     from its start to its end; xxx one dropped before it ended)";

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
        let (ledger, journal, _) = add_all(20).await;
        let total = ledger.total().await;
        EXERCISE.check_eq(
            total,
            210,
            format_args!(
                "20 adds of 1, 2, ..., 20 at the same time must make 210. Less means adds \
                 were lost: two adds read the same total before either stored its own. \
                 Between the read and the store there is an `.await` (the journal), and \
                 other tasks run there. Keep them out for the whole read, append, store: \
                 then the appends take turns.\n{}",
                EXERCISE.run_of(AS_THE_JOURNAL_SAW_IT, journal.spans())
            ),
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
                 and its store, the append included.\n{}",
                EXERCISE.run_of(AS_THE_JOURNAL_SAW_IT, journal.spans())
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

/// Spawns `ledger.add(amount)` and lets it run until its journal append has started
/// (and waits on the clock); fails the test if it never starts one.
async fn add_until_appending(
    ledger: &Arc<Ledger>,
    journal: &Journal,
    amount: u64,
) -> JoinHandle<u64> {
    let adding = tokio::spawn({
        let ledger = Arc::clone(ledger);
        async move { ledger.add(amount).await }
    });
    for _ in 0..100 {
        if journal.in_flight() > 0 || adding.is_finished() {
            break;
        }
        yield_now().await;
    }
    EXERCISE.check(
        journal.in_flight() == 1,
        format_args!(
            "add({amount}) should be writing to the journal by now (its append waits on \
             the clock), but no append is in flight{}.",
            if adding.is_finished() {
                ": the add already returned"
            } else {
                ""
            }
        ),
    );
    adding
}

#[test]
fn the_total_never_runs_ahead_of_the_journal() {
    EXERCISE.run_paused(|| async {
        let journal = Arc::new(Journal::new());
        let ledger = Arc::new(Ledger::new(Arc::clone(&journal)));
        EXERCISE.check_eq(ledger.add(5).await, 5, "add(5) to an empty ledger.");
        let adding = add_until_appending(&ledger, &journal, 7).await;
        // While add(7) appends, total() may wait for it (and see 12) or not (and see
        // 5): either is a total the journal holds once total() returns.
        let seen = ledger.total().await;
        let journaled = journal.entries();
        EXERCISE.check(
            seen != 0,
            format_args!(
                "add(5) had finished, and while add(7) was writing to the journal, total() \
                 returned 0. The journal held {journaled:?}: the total was 5 all along. \
                 Does total() give up when the lock is busy (`try_lock`, with 0 as the \
                 answer)? Wait for the lock: `self.total.lock().await`."
            ),
        );
        EXERCISE.check(
            journaled.contains(&seen),
            format_args!(
                "While add(7) was writing to the journal, total() returned {seen}, and \
                 the journal held {journaled:?}. The total must not count what is not \
                 journaled yet (a crash now would lose it): store the new total after \
                 the append, inside the same critical section."
            ),
        );
        match adding.await {
            Ok(total) => EXERCISE.check_eq(total, 12, "add(7) after add(5) returns 12."),
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
        EXERCISE.check_eq(ledger.total().await, 12, "After add(5), add(7): 12.");
    });
}

#[test]
fn a_cancelled_add_changes_nothing() {
    EXERCISE.run_paused(|| async {
        // A future can be dropped at any `.await`: here the add's task is aborted
        // while its append waits. Nothing after that `.await` runs, so the new total
        // was never journaled, and must not be the total.
        let journal = Arc::new(Journal::new());
        let ledger = Arc::new(Ledger::new(Arc::clone(&journal)));
        let adding = add_until_appending(&ledger, &journal, 5).await;
        adding.abort();
        if let Err(error) = adding.await
            && error.is_panic()
        {
            std::panic::resume_unwind(error.into_panic());
        }
        let total = ledger.total().await;
        let journaled = journal.entries();
        EXERCISE.check(
            total == journaled.last().copied().unwrap_or(0),
            format_args!(
                "add(5) was cancelled (its task aborted) while it was writing to the \
                 journal. Then total() returned {total}, and the journal held \
                 {journaled:?}: the total was stored before the append finished, and \
                 counts what was never journaled. Store it after `append(...).await` \
                 returns: if the add is cancelled at that `.await`, nothing after it \
                 runs, and the total stays as it was."
            ),
        );
        EXERCISE.check_eq(
            ledger.add(2).await,
            total + 2,
            "After that, add(2) adds 2 to the total.",
        );
    });
}
