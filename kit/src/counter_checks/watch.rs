//! A `Mutex` with the standard library's API that makes the lost update certain, and
//! what the Healthcheck Counter checks learn from it.
//!
//! An exercise that keeps its counts in a shared map names its `Mutex` through
//! `crate::sync`: the lesson crate points that at the standard library's, and the test
//! compiles the same file a second time against this one. It differs from the
//! standard library's in two ways, and only when the code is wrong:
//!
//! - **It makes the unlucky moment certain.** A thread that comes back to the lock
//!   after letting go of it waits, before it takes the lock again, until another
//!   thread has taken it in between (or [`PATIENCE`] has passed). A thread that reads
//!   the count under one `lock()` and writes count + 1 under a second one then always
//!   has a neighbour read the same count in between, so an update is always lost:
//!   what the operating system does only once in a while, at the worst moment.
//!   Code that updates under one hold of the lock never comes back, and never waits.
//! - **It knows who holds it.** The test's `status` calls [`blocking_fetch`], which
//!   notes a fetch made while the calling thread holds the lock: the mistake that
//!   makes every other thread wait for one site.
//!
//! What it saw is counted for the whole test binary ([`seen`]). One test binary
//! tests one exercise file, so whatever any of its tests saw, that file did.

use std::cell::Cell;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, LockResult, PoisonError, TryLockError, TryLockResult};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// How long a thread that comes back to the lock waits for another thread to take
/// it first. Another thread that is on its way takes it within milliseconds, even on
/// a loaded machine; this bounds the wait of the last one, for whom nobody comes.
pub const PATIENCE: Duration = Duration::from_secs(2);

/// What the watched locks and fetches have seen so far in this test binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    /// Times a watched `Mutex` was taken.
    pub locks: usize,
    /// Times a thread came back to a watched lock it had let go of, and was made
    /// to wait for another thread to take it first.
    pub came_back: usize,
    /// Blocking fetches ([`blocking_fetch`]).
    pub blocking_fetches: usize,
    /// Blocking fetches made while the fetching thread held a watched lock.
    pub fetched_while_locked: usize,
}

static LOCKS: AtomicUsize = AtomicUsize::new(0);
static CAME_BACK: AtomicUsize = AtomicUsize::new(0);
static BLOCKING_FETCHES: AtomicUsize = AtomicUsize::new(0);
static FETCHED_WHILE_LOCKED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// How many watched locks the current thread holds.
    static HOLDING: Cell<usize> = const { Cell::new(0) };
}

/// What the watched locks and fetches have seen so far in this test binary.
pub fn seen() -> Seen {
    Seen {
        locks: LOCKS.load(Ordering::SeqCst),
        came_back: CAME_BACK.load(Ordering::SeqCst),
        blocking_fetches: BLOCKING_FETCHES.load(Ordering::SeqCst),
        fetched_while_locked: FETCHED_WHILE_LOCKED.load(Ordering::SeqCst),
    }
}

/// Runs a blocking fetch, noting that it happened and whether the calling thread
/// held a watched lock meanwhile. A test's stand-in for the lesson's `status`
/// wraps the real one in it.
pub fn blocking_fetch<T>(fetch: impl FnOnce() -> T) -> T {
    BLOCKING_FETCHES.fetch_add(1, Ordering::SeqCst);
    if HOLDING.get() > 0 {
        FETCHED_WHILE_LOCKED.fetch_add(1, Ordering::SeqCst);
    }
    fetch()
}

/// A mutual-exclusion lock with the API of `std::sync::Mutex`: `new` (also in a
/// `static`), `lock`, `try_lock`, `into_inner`, `get_mut`, poisoning.
pub struct Mutex<T> {
    turns: std::sync::Mutex<Turns>,
    /// Signalled whenever the lock is taken.
    taken: Condvar,
    data: std::sync::Mutex<T>,
}

/// Who took the lock when: enough to tell whether anyone took it since a given
/// thread let go of it.
#[derive(Debug)]
struct Turns {
    /// How many times the lock has been taken.
    taken: u64,
    /// Each thread that has let go of the lock, with `taken` as it was then.
    let_go: Vec<(ThreadId, u64)>,
}

impl<T> Mutex<T> {
    /// A new, unlocked mutex holding `value`.
    pub const fn new(value: T) -> Mutex<T> {
        Mutex {
            turns: std::sync::Mutex::new(Turns {
                taken: 0,
                let_go: Vec::new(),
            }),
            taken: Condvar::new(),
            data: std::sync::Mutex::new(value),
        }
    }

    /// Blocks until the lock is free, then takes it. A thread that has held this
    /// lock before first waits until another thread has taken it since.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.let_another_thread_in_first();
        let data = self.data.lock();
        self.note_taken();
        wrap(data, |data| MutexGuard { mutex: self, data })
    }

    /// Takes the lock if it is free right now, without waiting for anything.
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let data = match self.data.try_lock() {
            Ok(data) => Ok(data),
            Err(TryLockError::Poisoned(poisoned)) => Err(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => return Err(TryLockError::WouldBlock),
        };
        self.note_taken();
        let guard = |data| MutexGuard { mutex: self, data };
        match data {
            Ok(data) => Ok(guard(data)),
            Err(data) => Err(TryLockError::Poisoned(PoisonError::new(guard(data)))),
        }
    }

    /// The value, out of the mutex.
    pub fn into_inner(self) -> LockResult<T> {
        self.data.into_inner()
    }

    /// The value, through a unique borrow: no locking needed.
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.data.get_mut()
    }

    /// Whether a thread panicked while it held the lock.
    pub fn is_poisoned(&self) -> bool {
        self.data.is_poisoned()
    }

    /// Forgets that a thread panicked while it held the lock.
    pub fn clear_poison(&self) {
        self.data.clear_poison();
    }

    fn turns(&self) -> std::sync::MutexGuard<'_, Turns> {
        // The bookkeeping is consistent after every statement; a panic elsewhere
        // cannot leave it half-done.
        self.turns.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A thread that comes back waits until someone else has had a turn.
    fn let_another_thread_in_first(&self) {
        let me = thread::current().id();
        let mut turns = self.turns();
        let Some(&(_, when)) = turns.let_go.iter().find(|(thread, _)| *thread == me) else {
            return;
        };
        CAME_BACK.fetch_add(1, Ordering::SeqCst);
        let deadline = Instant::now() + PATIENCE;
        while turns.taken == when {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            turns = self
                .taken
                .wait_timeout(turns, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn note_taken(&self) {
        self.turns().taken += 1;
        self.taken.notify_all();
        LOCKS.fetch_add(1, Ordering::SeqCst);
        HOLDING.set(HOLDING.get() + 1);
    }

    fn note_let_go(&self) {
        let me = thread::current().id();
        let mut turns = self.turns();
        let now = turns.taken;
        match turns.let_go.iter_mut().find(|(thread, _)| *thread == me) {
            Some(entry) => entry.1 = now,
            None => turns.let_go.push((me, now)),
        }
        HOLDING.set(HOLDING.get().saturating_sub(1));
    }
}

fn wrap<'a, G, T>(
    result: LockResult<G>,
    guard: impl FnOnce(G) -> MutexGuard<'a, T>,
) -> LockResult<MutexGuard<'a, T>> {
    match result {
        Ok(data) => Ok(guard(data)),
        Err(poisoned) => Err(PoisonError::new(guard(poisoned.into_inner()))),
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> From<T> for Mutex<T> {
    fn from(value: T) -> Self {
        Mutex::new(value)
    }
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex").field("data", &self.data).finish()
    }
}

/// The lock, held: the value behind it until the guard is dropped.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    data: std::sync::MutexGuard<'a, T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.data
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.data
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Noted while the lock is still held (the field `data` lets go of it after
        // this), so no other thread can have taken it in between.
        self.mutex.note_let_go();
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.data, f)
    }
}

impl<T: fmt::Display> fmt::Display for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.data, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Two threads each read the count under one lock and write it under another:
    /// with the watched mutex an update is lost every time. (With more threads, the
    /// last one may find nobody left to let in, and wait out the patience.)
    #[test]
    fn two_locks_per_update_always_lose_one() {
        for _ in 0..20 {
            let counts = Mutex::new(BTreeMap::<u16, usize>::new());
            thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(|| {
                        let seen = counts.lock().unwrap().get(&200).copied().unwrap_or(0);
                        counts.lock().unwrap().insert(200, seen + 1);
                    });
                }
            });
            assert_eq!(counts.into_inner().unwrap()[&200], 1);
        }
    }

    #[test]
    fn one_lock_per_update_never_loses() {
        let counts = Mutex::new(BTreeMap::<u16, usize>::new());
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| *counts.lock().unwrap().entry(200).or_insert(0) += 1);
            }
        });
        assert_eq!(counts.into_inner().unwrap()[&200], 8);
    }

    #[test]
    fn a_fetch_under_the_lock_is_noted() {
        let counts = Mutex::new(0);
        let before = seen().fetched_while_locked;
        let guard = counts.lock().unwrap();
        blocking_fetch(|| ());
        drop(guard);
        blocking_fetch(|| ());
        assert_eq!(seen().fetched_while_locked, before + 1);
    }

    #[test]
    fn works_in_a_static() {
        static TOTAL: Mutex<usize> = Mutex::new(0);
        let mut total = TOTAL.lock().unwrap();
        *total += 1;
        assert_eq!(*total, 1);
    }
}
