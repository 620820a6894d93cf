//! Checks for the `bank_transfer` exercise: `exercises/lesson-06/bank_transfer.rs`.
//!
//! A deadlock between two transfers needs bad luck: each thread must take its first
//! lock before the other takes its second. On a laptop that is rare, and a rare
//! deadlock is the worst kind. So the test compiles your file against a watched
//! `Mutex` (in `tests/watched/`) that makes the bad luck certain: each transfer's
//! first lock pauses it until the other transfer has committed to a lock too. And
//! instead of hanging, the watch sees the cycle (A holds 0 and waits for 1, B holds
//! 1 and waits for 0) before the last thread blocks, and stops it.

// Not every test uses all of the watch (and a solution may never call try_lock).
#[allow(dead_code)]
mod watched;

use bank_transfer::{Bank, InsufficientFunds};
use kit::exercise::Exercise;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};
use watched::{Stopped, Watch};

const EXERCISE: Exercise = Exercise::new("bank_transfer", "exercises/lesson-06/bank_transfer.rs");

/// What `crate::sync` names in the exercise file when this test compiles it.
mod sync {
    pub use super::watched::Mutex;
}

#[allow(dead_code)]
// As in the lesson crate: an untouched exercise is mostly `todo!()`, so its unused
// names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/bank_transfer.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/bank_transfer.rs")]
mod bank_transfer;

/// How long the transfers of one check may take, all together, before the test calls
/// it a hang. Correct ones take microseconds; this only matters if something the
/// watch cannot see blocks.
const PATIENCE: Duration = Duration::from_secs(5);

type Outcome = Result<Result<(), InsufficientFunds>, Box<dyn Any + Send>>;

/// Runs each `(from, to, amount)` transfer on a thread of its own, all at once, and
/// returns their outcomes in order. Fails the test if the watch stopped a deadlock,
/// or if the threads are still running after [`PATIENCE`].
fn run_transfers(
    bank: &Arc<Bank>,
    watch: &Arc<Watch>,
    transfers: &[(usize, usize, u64)],
) -> Vec<Outcome> {
    let (done, outcomes) = mpsc::channel();
    for (index, &(from, to, amount)) in transfers.iter().enumerate() {
        let (bank, watch, done) = (Arc::clone(bank), Arc::clone(watch), done.clone());
        thread::Builder::new()
            .name(format!("the transfer from {from} to {to}"))
            .spawn(move || {
                let outcome =
                    panic::catch_unwind(AssertUnwindSafe(|| bank.transfer(from, to, amount)));
                watch.finished();
                let _ = done.send((index, outcome));
            })
            .unwrap();
    }
    let mut results: Vec<Option<Outcome>> = transfers.iter().map(|_| None).collect();
    let deadline = Instant::now() + PATIENCE;
    for _ in transfers {
        match outcomes.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok((index, outcome)) => results[index] = Some(outcome),
            Err(_) => EXERCISE.fail(format_args!(
                "the transfers were still running after {PATIENCE:?}. The watched locks \
                 saw no deadlock, so something else is waiting: a lock that is not one \
                 of the accounts, or a `try_lock` loop that never gives up."
            )),
        }
    }
    explain_stopped(watch);
    results.into_iter().map(Option::unwrap).collect()
}

/// How a failure introduces the locks it draws.
const AS_THE_LOCKS_SAW_IT: &str = "as the accounts' locks saw it (a row per transfer and \
     account: ... waiting for the lock, [=== holding it, xxx a wait that would never end)";

/// Fails the test if the watch stopped a deadlock, saying which.
fn explain_stopped(watch: &Watch) {
    match watch.stopped() {
        None => {}
        Some(Stopped::Cycle(deadlock)) => EXERCISE.fail(format_args!(
            "{deadlock}\n  \
             The test paused each transfer right after its first lock until the other \
             transfer had taken one too (on a real machine that happens rarely, which \
             makes it worse, not better). If one transfer locks `from` first and the \
             other, going the opposite way, locks ITS `from` first, each now holds what \
             the other needs. Make every thread take the two locks in the same order.\n{}",
            EXERCISE.run_of(AS_THE_LOCKS_SAW_IT, watch.spans())
        )),
        Some(Stopped::Relock(what)) => EXERCISE.fail(format_args!(
            "{what}\n  A transfer from an account to itself must lock that account once."
        )),
    }
}

/// The transfer's own result; a panic in it fails the test, explained.
fn returned(outcome: Outcome) -> Result<(), InsufficientFunds> {
    outcome.unwrap_or_else(|payload| panic::resume_unwind(payload))
}

fn balances(bank: &Bank, accounts: usize) -> Vec<u64> {
    (0..accounts).map(|account| bank.balance(account)).collect()
}

#[test]
fn transfers_in_opposite_directions_do_not_deadlock() {
    EXERCISE.run(|| {
        let watch = Watch::crossing();
        let bank = Arc::new(watch.build(|| Bank::new(&[100, 100])));
        for outcome in run_transfers(&bank, &watch, &[(0, 1, 10), (1, 0, 30)]) {
            EXERCISE.check_eq(
                returned(outcome),
                Ok(()),
                "Both accounts have enough money.",
            );
        }
        EXERCISE.check_eq(
            balances(&bank, 2),
            vec![120, 80],
            "Account 0 sent 10 and got 30; account 1 got 10 and sent 30.",
        );
    });
}

#[test]
fn the_same_crossing_the_other_way_round() {
    EXERCISE.run(|| {
        // Opposite directions again, now the higher account first: an order that
        // only works for 0 -> 1 would fail here.
        let watch = Watch::crossing();
        let bank = Arc::new(watch.build(|| Bank::new(&[50, 60, 70])));
        for outcome in run_transfers(&bank, &watch, &[(2, 0, 5), (0, 2, 7)]) {
            EXERCISE.check_eq(
                returned(outcome),
                Ok(()),
                "Both accounts have enough money.",
            );
        }
        EXERCISE.check_eq(
            balances(&bank, 3),
            vec![48, 60, 72],
            "2 sent 5 to 0, 0 sent 7 to 2.",
        );
    });
}

#[test]
fn a_transfer_holds_both_accounts_at_once() {
    EXERCISE.run(|| {
        let watch = Watch::new();
        let bank = watch.build(|| Bank::new(&[100, 0]));
        EXERCISE.check_eq(
            bank.transfer(0, 1, 40),
            Ok(()),
            "Account 0 has 100, enough for 40.",
        );
        EXERCISE.check_eq(balances(&bank, 2), vec![60, 40], "40 moved from 0 to 1.");
        EXERCISE.check_eq(
            watch.most_held_here(),
            2,
            "The most account locks the transfer held at the same moment. With one \
             lock at a time (take from, let go, then take to) the money is in neither \
             account for a moment, and anyone who locks both accounts then (an auditor \
             adding up the bank) sees 40 missing. Hold both locks while you move it.",
        );
    });
}

#[test]
fn not_enough_money_changes_nothing() {
    EXERCISE.run(|| {
        let watch = Watch::new();
        let bank = watch.build(|| Bank::new(&[30, 5]));
        EXERCISE.check_eq(
            bank.transfer(1, 0, 20),
            Err(InsufficientFunds {
                available: 5,
                wanted: 20,
            }),
            "Account 1 has 5 and cannot send 20.",
        );
        EXERCISE.check_eq(
            balances(&bank, 2),
            vec![30, 5],
            "A refused transfer changes nothing.",
        );
        EXERCISE.check_eq(
            bank.transfer(0, 1, 30),
            Ok(()),
            "Account 0 can send all it has.",
        );
        EXERCISE.check_eq(balances(&bank, 2), vec![0, 35], "30 moved from 0 to 1.");
    });
}

const OVERDRAWN: &str = "Account 0 had 100, and two transfers of 60 from it ran at the same \
     time";

const CHECK_UNDER_THE_LOCKS: &str = "Your transfer locks account 0 twice: once to check the \
     balance, once to move the money. The test paused each transfer between the two until \
     the other had locked account 0 too, so each checked the balance before the other took \
     its 60: both saw 100. (On a real machine this takes bad luck; a busy day brings it.) \
     A balance checked before you hold the locks is out of date by the time you use it. \
     Lock both accounts first, then check and move, under the same locks.";

#[test]
fn two_transfers_from_one_account_cannot_overdraw_it() {
    EXERCISE.run(|| {
        let watch = Watch::rechecking(2);
        let bank = Arc::new(watch.build(|| Bank::new(&[100, 0, 0])));
        let outcomes = run_transfers(&bank, &watch, &[(0, 1, 60), (0, 2, 60)]);
        let mut results = Vec::new();
        for outcome in outcomes {
            match outcome {
                Ok(result) => results.push(result),
                Err(payload) if panic_message(payload.as_ref()).contains("overflow") => EXERCISE
                    .fail(format_args!(
                        "{OVERDRAWN}, and one panicked: \"{}\": it took 60 from an \
                         account that no longer had it.\n  {CHECK_UNDER_THE_LOCKS}",
                        panic_message(payload.as_ref())
                    )),
                Err(payload) => panic::resume_unwind(payload),
            }
        }
        let balances = balances(&bank, 3);
        EXERCISE.check(
            results.iter().any(Result::is_err),
            format_args!(
                "{OVERDRAWN}: both went through, and the balances are now {balances:?}.\n  \
                 {CHECK_UNDER_THE_LOCKS}"
            ),
        );
        let refused = InsufficientFunds {
            available: 40,
            wanted: 60,
        };
        EXERCISE.check(
            results.contains(&Ok(())) && results.contains(&Err(refused)),
            format_args!(
                "{OVERDRAWN}: exactly one should go through, and the other be refused with \
                 {refused:?}. They returned {results:?}."
            ),
        );
        EXERCISE.check_eq(
            (balances[0], balances.iter().sum::<u64>()),
            (40, 100),
            "(account 0, the bank's total) after one transfer of 60 from 100.",
        );
    });
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    kit::exercise::panic_message(payload).unwrap_or("")
}

#[test]
fn a_transfer_to_the_same_account_changes_nothing() {
    EXERCISE.run(|| {
        let watch = Watch::new();
        let bank = Arc::new(watch.build(|| Bank::new(&[10, 20])));
        let outcomes = run_transfers(&bank, &watch, &[(1, 1, 15)]);
        let outcome = returned(outcomes.into_iter().next().unwrap());
        EXERCISE.check_eq(outcome, Ok(()), "Account 1 has 20, enough for 15.");
        EXERCISE.check_eq(
            balances(&bank, 2),
            vec![10, 20],
            "Moving money to where it is changes nothing.",
        );
    });
}

#[test]
fn many_transfers_keep_the_total() {
    EXERCISE.run(|| {
        // Four threads, each sending money around the ring 0 -> 1 -> 2 -> 3 -> 0 in
        // its own direction; the total must not change.
        let watch = Watch::new();
        let bank = Arc::new(watch.build(|| Bank::new(&[1000; 4])));
        let (done, finished) = mpsc::channel();
        for thread in 0..4 {
            let (bank, done) = (Arc::clone(&bank), done.clone());
            thread::Builder::new()
                .name(format!("transfer thread {thread}"))
                .spawn(move || {
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                        for round in 0..200 {
                            let from = (thread + round) % 4;
                            let to = if thread % 2 == 0 {
                                (from + 1) % 4
                            } else {
                                (from + 3) % 4
                            };
                            let _ = bank.transfer(from, to, 1 + (round % 7) as u64);
                        }
                    }));
                    let _ = done.send(outcome);
                })
                .unwrap();
        }
        let mut panics = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        for _ in 0..4 {
            match finished.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(outcome) => panics.extend(outcome.err()),
                Err(_) => {
                    explain_stopped(&watch);
                    EXERCISE.fail(format_args!(
                        "four threads of 200 transfers each were still running after \
                         {PATIENCE:?}: a deadlock the watch could not see, or a `try_lock` \
                         loop that never gives up."
                    ))
                }
            }
        }
        // A deadlock the watch stopped panics a thread: report the deadlock first.
        explain_stopped(&watch);
        if let Some(payload) = panics.pop() {
            panic::resume_unwind(payload);
        }
        EXERCISE.check_eq(
            balances(&bank, 4).iter().sum::<u64>(),
            4000,
            "The bank's total after 800 transfers between its own accounts: money must \
             not appear or vanish.",
        );
    });
}
