//! The standard library's locks, one small example each: `Mutex` and its guard,
//! poisoning, `RwLock`, and `Condvar`. The chapter shows them piece by piece.

use crate::Counts;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread;

// ANCHOR: thread_checker
/// The talk's thread checker, counting part: one thread per status, each adding
/// one to a shared map. Python's `lock.acquire()` ... `lock.release()` becomes a
/// guard, and the map lives INSIDE the mutex: there is no way to reach it without
/// locking, and no way to forget the release.
pub fn count_statuses(statuses: &[u16]) -> Counts {
    let stats = Arc::new(Mutex::new(Counts::new()));
    let handles: Vec<_> = statuses
        .iter()
        .map(|&status| {
            let stats = Arc::clone(&stats);
            thread::spawn(move || {
                let mut counts = stats.lock().unwrap(); // acquire: waits its turn
                *counts.entry(status).or_insert(0) += 1;
            }) // `counts`, the guard, is dropped here: release
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    // Every thread is done, so this is the only Arc left: take the map out.
    Arc::into_inner(stats).unwrap().into_inner().unwrap()
}
// ANCHOR_END: thread_checker

// ANCHOR: poisoning
/// A thread panics while it holds the lock, halfway through an update that was
/// meant to be one step. The next `lock()` says so: `Err(PoisonError)`. The data
/// is still there, behind `into_inner`, for a caller that can check or repair it.
pub fn poisoned_transfer() -> (bool, [i64; 2]) {
    let accounts = Arc::new(Mutex::new([100i64, 0]));
    let crashing = Arc::clone(&accounts);
    let crashed = thread::spawn(move || {
        let mut accounts = crashing.lock().unwrap();
        accounts[0] -= 50;
        panic!("crashed halfway through the transfer");
    })
    .join();
    assert!(crashed.is_err());

    let was_poisoned = accounts.lock().is_err();
    // Look at what was left: 50 are missing. A caller that knows how can repair;
    // `.unwrap()` here would instead pass the panic on, which is usually right.
    let left = *accounts
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    (was_poisoned, left)
}
// ANCHOR_END: poisoning

// ANCHOR: rwlock
/// Readers share, a writer is alone. Two threads hold the read lock at once here
/// and each waits, inside it, for the other: with a `Mutex` this would never end.
pub fn two_readers_at_once() -> usize {
    let config = RwLock::new(String::from("timeout=5s"));
    let both_inside = std::sync::Barrier::new(2);
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let config = config.read().unwrap();
                both_inside.wait(); // both readers are inside the lock now
                config.len()
            });
        }
    });
    config.write().unwrap().push_str(",retries=3"); // alone: no reader inside
    config.into_inner().unwrap().len()
}
// ANCHOR_END: rwlock

// ANCHOR: condvar
/// A one-slot mailbox: `put` waits while the slot is full, `take` while it is empty.
/// A `Condvar` is how a thread sleeps until another changes what the mutex guards.
#[derive(Debug, Default)]
pub struct Mailbox<T> {
    slot: Mutex<Option<T>>,
    changed: Condvar,
}

impl<T> Mailbox<T> {
    pub fn put(&self, value: T) {
        let slot = self.slot.lock().unwrap();
        // `wait_while` unlocks the mutex while it sleeps and locks it again before it
        // returns; it re-checks the condition, so a spurious wake-up is harmless.
        let mut slot = self
            .changed
            .wait_while(slot, |slot| slot.is_some())
            .unwrap();
        *slot = Some(value);
        self.changed.notify_all();
    }

    pub fn take(&self) -> T {
        let slot = self.slot.lock().unwrap();
        let mut slot = self
            .changed
            .wait_while(slot, |slot| slot.is_none())
            .unwrap();
        let value = slot.take().unwrap();
        self.changed.notify_all();
        value
    }
}
// ANCHOR_END: condvar

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_checker_counts_every_status() {
        let counts = count_statuses(&[200, 404, 200, 200]);
        assert_eq!(counts, Counts::from([(200, 3), (404, 1)]));
    }

    #[test]
    fn a_panic_inside_the_lock_poisons_it() {
        assert_eq!(poisoned_transfer(), (true, [50, 0]));
    }

    #[test]
    fn readers_share_the_lock() {
        assert_eq!(two_readers_at_once(), "timeout=5s,retries=3".len());
    }

    #[test]
    fn the_mailbox_hands_over_every_value_in_order() {
        let mailbox = Mailbox::default();
        let taken = thread::scope(|scope| {
            let taker = scope.spawn(|| (0..100).map(|_| mailbox.take()).collect::<Vec<_>>());
            for value in 0..100 {
                mailbox.put(value);
            }
            taker.join().unwrap()
        });
        assert_eq!(taken, (0..100).collect::<Vec<_>>());
    }
}
