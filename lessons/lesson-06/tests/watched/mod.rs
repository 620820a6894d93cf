//! A `Mutex` with the standard library's API that tells a [`Watch`] what every thread
//! does with it: which thread holds which lock, and which lock each thread waits for.
//!
//! With that, the `bank_transfer` test can do two things a plain `Mutex` cannot:
//!
//! - force the dangerous interleaving: in a [`Watch::crossing`], each thread's first
//!   lock makes it pause until the other thread has either taken a lock of its own
//!   or is waiting for the one just taken. Locks taken in opposite orders then
//!   always deadlock; locks taken in one order never wait on each other in a cycle.
//! - force a stale check: in a [`Watch::rechecking`], a thread that comes back to a
//!   lock it has already taken and let go (to check a balance, then to move the money)
//!   pauses until the other threads have taken that lock too. Each has then looked at
//!   the data before any of them changes it. Code that checks and changes under one
//!   hold of its locks never comes back, and never pauses.
//! - name a deadlock instead of hanging: before a thread blocks on a lock, the watch
//!   follows "held by, who waits for, held by, ..." and if that leads back to the
//!   thread itself, nobody in the cycle can ever move. It records the cycle and
//!   panics in that thread instead, which unwinds its guards and frees the others.

use kit::timeline::{ABANDONED, Span, Timeline, WAITING};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Condvar, LockResult, PoisonError, TryLockError, TryLockResult};
use std::thread::{self, ThreadId};
use std::time::Duration;

thread_local! {
    /// The watch that `Mutex::new` on this thread reports to (see [`Watch::build`]).
    static CURRENT: RefCell<Option<Arc<Watch>>> = const { RefCell::new(None) };
}

/// What a watch has seen, and whether it forces the crossing.
#[derive(Debug, Default)]
pub struct Watch {
    state: std::sync::Mutex<State>,
    /// Every wait for a lock and every hold of one, for a failure to draw.
    timeline: Timeline,
    changed: Condvar,
    crossing: bool,
    /// In a rechecking watch, how many threads take part.
    rechecking: Option<usize>,
}

#[derive(Debug, Default)]
struct State {
    /// Every thread that ever asked for a lock, by the name the test gave it.
    names: HashMap<ThreadId, String>,
    /// Lock number -> the thread holding it.
    holders: HashMap<usize, ThreadId>,
    /// Thread -> the lock number it is blocked on.
    waiting: HashMap<ThreadId, usize>,
    /// Thread -> how many locks it holds now, and the most it ever held at once.
    held: HashMap<ThreadId, usize>,
    most_held: HashMap<ThreadId, usize>,
    /// Threads that already paused on their first lock, and threads that finished.
    paused: HashSet<ThreadId>,
    finished: HashSet<ThreadId>,
    /// Thread -> every lock it has taken so far.
    taken: HashMap<ThreadId, HashSet<usize>>,
    /// Threads that already paused on coming back to a lock, and those pausing now.
    came_back: HashSet<ThreadId>,
    pausing: HashSet<ThreadId>,
    locks: usize,
    acquisitions: usize,
    stopped: Option<Stopped>,
    /// (thread, lock) -> since when, on the timeline, it has waited for or held it.
    waiting_since: HashMap<(ThreadId, usize), Duration>,
    holding_since: HashMap<(ThreadId, usize), Duration>,
}

/// Why the watch stopped a thread instead of letting it block forever.
#[derive(Debug, Clone)]
pub enum Stopped {
    /// Threads waiting for each other in a cycle; the description names them.
    Cycle(String),
    /// One thread locking a lock it already holds.
    Relock(String),
}

impl State {
    fn name(&self, thread: ThreadId) -> &str {
        self.names.get(&thread).map_or("a thread", String::as_str)
    }

    /// The drawing's row for `thread` and lock `id`: `from 0 to 1: account 0`.
    fn lane(&self, thread: ThreadId, id: usize) -> String {
        let name = self.name(thread);
        let short = name.strip_prefix("the transfer ").unwrap_or(name);
        format!("{short}: account {id}")
    }

    /// In a rechecking watch of `threads` threads, whether `me`, which is about to
    /// take lock `id` again, may go on: every other thread has taken `id` too, is
    /// done, or is pausing itself (so that two pausing threads never wait for each
    /// other).
    fn others_have_taken(&self, me: ThreadId, id: usize, threads: usize) -> bool {
        let ready = self
            .names
            .keys()
            .filter(|&&other| {
                other != me
                    && (self
                        .taken
                        .get(&other)
                        .is_some_and(|locks| locks.contains(&id))
                        || self.finished.contains(&other)
                        || self.pausing.contains(&other))
            })
            .count();
        ready + 1 >= threads
    }

    /// In a crossing, whether the thread `me`, which has just taken lock `id` (its
    /// first), may go on: some other thread holds a lock, waits for `id`, or is done.
    fn other_is_committed(&self, me: ThreadId, id: usize) -> bool {
        self.names.keys().any(|&other| {
            other != me
                && (self.held.get(&other).is_some_and(|&n| n > 0)
                    || self.waiting.get(&other) == Some(&id)
                    || self.finished.contains(&other))
        })
    }
}

impl Watch {
    /// Every wait for a lock (`...`) and hold of one (`[===`), a row per thread and
    /// account, for a failure to draw; a lock never got, because it would have
    /// deadlocked, is `xxx`.
    pub fn spans(&self) -> Vec<Span> {
        self.timeline.spans()
    }

    /// Records on `lane` a span of `kind` from `since` to now.
    fn record(&self, lane: String, since: Duration, kind: &str) {
        let now = self.timeline.origin().elapsed();
        self.timeline.record_span(Span {
            lane,
            label: kind.to_owned(),
            kind: kind.to_owned(),
            start: since,
            end: now.max(since),
        });
    }

    /// A watch that only watches.
    pub fn new() -> Arc<Watch> {
        Arc::new(Watch::default())
    }

    /// A watch that forces two threads' first locks to overlap (see the module docs).
    pub fn crossing() -> Arc<Watch> {
        Arc::new(Watch {
            crossing: true,
            ..Watch::default()
        })
    }

    /// A watch over `threads` threads that makes each one that comes back to a lock
    /// it has let go wait until the others have taken it too (see the module docs).
    pub fn rechecking(threads: usize) -> Arc<Watch> {
        Arc::new(Watch {
            rechecking: Some(threads),
            ..Watch::default()
        })
    }

    /// Runs `build` with this watch installed: every `Mutex` it creates reports here.
    pub fn build<T>(self: &Arc<Watch>, build: impl FnOnce() -> T) -> T {
        CURRENT.set(Some(Arc::clone(self)));
        let built = build();
        CURRENT.set(None);
        built
    }

    /// Marks the calling thread finished, so a crossing no longer waits for it.
    pub fn finished(&self) {
        let mut state = self.state.lock().unwrap();
        let me = thread::current().id();
        state.names.entry(me).or_insert_with(current_name);
        state.finished.insert(me);
        self.changed.notify_all();
    }

    /// The deadlock the watch stopped, if there was one.
    pub fn stopped(&self) -> Option<Stopped> {
        self.state.lock().unwrap().stopped.clone()
    }

    /// The most locks the calling thread held at the same moment.
    pub fn most_held_here(&self) -> usize {
        let state = self.state.lock().unwrap();
        let me = thread::current().id();
        state.most_held.get(&me).copied().unwrap_or(0)
    }

    /// How many times any of the watched locks was taken.
    pub fn acquisitions(&self) -> usize {
        self.state.lock().unwrap().acquisitions
    }

    fn register(&self) -> usize {
        let mut state = self.state.lock().unwrap();
        state.locks += 1;
        state.locks - 1
    }

    /// Called before blocking on lock `id`: refuses to block if that can never end.
    fn before_lock(&self, id: usize) {
        let me = thread::current().id();
        let mut state = self.state.lock().unwrap();
        state.names.entry(me).or_insert_with(current_name);
        let now = self.timeline.origin().elapsed();
        state.waiting_since.insert((me, id), now);
        if state.holders.get(&id) == Some(&me) {
            let what = format!(
                "{} locked account {id} while it already held it. A thread that locks \
                 a std Mutex it holds waits for itself forever (or panics).",
                state.name(me)
            );
            self.give_up(state, Stopped::Relock(what));
        }
        if let Some(threads) = self.rechecking {
            let back = state
                .taken
                .get(&me)
                .is_some_and(|locks| locks.contains(&id));
            if back && state.came_back.insert(me) {
                state.pausing.insert(me);
                self.changed.notify_all();
                state = self
                    .changed
                    .wait_while(state, |state| !state.others_have_taken(me, id, threads))
                    .unwrap();
                state.pausing.remove(&me);
            }
        }
        // Follow the chain: who holds `id`, what is that thread waiting for, ...
        let mut chain = format!("{} wants account {id}", state.name(me));
        let mut lock = id;
        while let Some(&holder) = state.holders.get(&lock) {
            chain += &format!(", which {} holds", state.name(holder));
            if holder == me {
                let what = format!("deadlock: {chain}. Nobody can ever go on.");
                self.give_up(state, Stopped::Cycle(what));
            }
            let Some(&next) = state.waiting.get(&holder) else {
                break;
            };
            chain += &format!(" while it waits for account {next}");
            lock = next;
        }
        state.waiting.insert(me, id);
        self.changed.notify_all();
    }

    /// Records why this thread must not block, and panics instead: unwinding drops
    /// its guards, which frees the other threads.
    fn give_up(&self, mut state: std::sync::MutexGuard<'_, State>, why: Stopped) -> ! {
        let (Stopped::Cycle(what) | Stopped::Relock(what)) = why.clone();
        // The lock this thread would have waited for forever: a short `xxx` on its row.
        let me = thread::current().id();
        let wanted: Vec<usize> = state
            .waiting_since
            .keys()
            .filter(|(thread, _)| *thread == me)
            .map(|(_, id)| *id)
            .collect();
        for id in wanted {
            if let Some(since) = state.waiting_since.remove(&(me, id)) {
                self.record(state.lane(me, id), since, ABANDONED);
            }
        }
        state.stopped.get_or_insert(why);
        drop(state);
        self.changed.notify_all();
        panic!("{what}");
    }

    fn after_lock(&self, id: usize) {
        let me = thread::current().id();
        let mut state = self.state.lock().unwrap();
        state.waiting.remove(&me);
        let now = self.timeline.origin().elapsed();
        if let Some(since) = state.waiting_since.remove(&(me, id)) {
            self.record(state.lane(me, id), since, WAITING);
        }
        state.holding_since.insert((me, id), now);
        state.holders.insert(id, me);
        state.taken.entry(me).or_default().insert(id);
        state.acquisitions += 1;
        let held = state.held.entry(me).or_default();
        *held += 1;
        let held = *held;
        let most = state.most_held.entry(me).or_default();
        *most = (*most).max(held);
        self.changed.notify_all();

        if self.crossing && held == 1 && state.paused.insert(me) {
            let _state = self
                .changed
                .wait_while(state, |state| !state.other_is_committed(me, id))
                .unwrap();
        }
    }

    fn unlocked(&self, id: usize) {
        let me = thread::current().id();
        let mut state = self.state.lock().unwrap();
        if let Some(since) = state.holding_since.remove(&(me, id)) {
            self.record(state.lane(me, id), since, "held");
        }
        state.holders.remove(&id);
        if let Some(held) = state.held.get_mut(&me) {
            *held -= 1;
        }
        self.changed.notify_all();
    }
}

fn current_name() -> String {
    thread::current().name().unwrap_or("a thread").to_owned()
}

/// `std::sync::Mutex`, watched.
pub struct Mutex<T> {
    inner: std::sync::Mutex<T>,
    id: usize,
    watch: Arc<Watch>,
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Mutex<T> {
        let watch = CURRENT
            .with_borrow(|current| current.clone())
            .unwrap_or_default();
        Mutex {
            inner: std::sync::Mutex::new(value),
            id: watch.register(),
            watch,
        }
    }

    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.watch.before_lock(self.id);
        let locked = self.inner.lock();
        self.watch.after_lock(self.id);
        match locked {
            Ok(inner) => Ok(self.guard(inner)),
            Err(poisoned) => Err(PoisonError::new(self.guard(poisoned.into_inner()))),
        }
    }

    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let me = thread::current().id();
        if self.watch.state.lock().unwrap().holders.get(&self.id) == Some(&me) {
            // std's try_lock on a lock this thread holds fails (it never deadlocks).
            return Err(TryLockError::WouldBlock);
        }
        match self.inner.try_lock() {
            Ok(inner) => {
                self.watch.after_lock(self.id);
                Ok(self.guard(inner))
            }
            Err(TryLockError::WouldBlock) => Err(TryLockError::WouldBlock),
            Err(TryLockError::Poisoned(poisoned)) => {
                self.watch.after_lock(self.id);
                let guard = self.guard(poisoned.into_inner());
                Err(TryLockError::Poisoned(PoisonError::new(guard)))
            }
        }
    }

    fn guard<'a>(&'a self, inner: std::sync::MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        MutexGuard { inner, lock: self }
    }
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex")
            .field("id", &self.id)
            .field("inner", &self.inner)
            .finish()
    }
}

/// `std::sync::MutexGuard`, watched: dropping it tells the watch.
pub struct MutexGuard<'a, T> {
    inner: std::sync::MutexGuard<'a, T>,
    lock: &'a Mutex<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // The inner guard unlocks right after this; telling the watch first is
        // harmless: the watch only ever lets threads go on, it never lets them in.
        self.lock.watch.unlocked(self.lock.id);
    }
}
