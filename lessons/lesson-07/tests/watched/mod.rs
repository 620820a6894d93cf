//! A `Mutex` and a `Condvar` with the standard library's API that tell a [`Watch`]
//! who sleeps on the condition variable, who has been woken, and when a woken thread
//! has looked at the state again.
//!
//! The condition variable is the watch's own: a thread in `wait` is a *sleeper* in
//! the watch's list, and `notify_one` marks the first sleeper not yet woken (as the
//! standard library's wakes one thread that is still blocked). Because the watch
//! decides when a sleeper actually gets up, the `counting_semaphore` test can make
//! the moments that are rare on a real machine happen every time:
//!
//! - [`Watch::hold_woken`]: woken sleepers stay in bed until the test lets them go,
//!   so two releases, or a release and a `try_acquire`, happen before any woken
//!   thread runs;
//! - [`Watch::look_first`]: a thread that notifies without holding the lock waits
//!   until the thread it woke has looked at the state and let go of the lock again,
//!   so a waiter woken *before* the permit is back finds none;
//! - [`Watch::close_door`]: a thread that took the lock, let it go without sleeping,
//!   and now takes it again waits at the door until the test opens it, so the test
//!   can return a permit between a thread's look (under one lock) and its wait (under
//!   another).
//!
//! Timed waits (`wait_timeout`) end only when they are notified: a sleeper is
//! allowed to oversleep, and a semaphore that finds its permits by waking up every
//! millisecond to look must not pass because of it.
//!
//! None of this changes what a correct semaphore may rely on: every notified
//! sleeper gets up, sooner or later, and re-takes the lock before `wait` returns.
//!
//! The watch also keeps the run for a failing check to draw (see `run.rs`): the test
//! tells it who is in `acquire` and who holds a permit.

mod run;

use kit::timeline::Span;
use run::Run;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, LockResult, PoisonError, TryLockError, TryLockResult};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

thread_local! {
    /// The watch that `Mutex::new` and `Condvar::new` on this thread report to.
    static CURRENT: RefCell<Option<Arc<Watch>>> = const { RefCell::new(None) };
}

/// How long a notifying thread waits, at most, for the thread it woke to look (see
/// [`Watch::look_first`]). It only runs out if the woken thread is stuck elsewhere.
const LOOK_PATIENCE: Duration = Duration::from_secs(2);

/// What the watch has seen, and how it schedules its sleepers.
#[derive(Debug, Default)]
pub struct Watch {
    state: std::sync::Mutex<State>,
    changed: std::sync::Condvar,
}

#[derive(Debug, Default)]
struct State {
    next_ticket: u64,
    /// Threads inside `wait`, in the order they came.
    sleepers: Vec<Sleeper>,
    /// Woken sleepers stay asleep while this is set.
    hold_woken: bool,
    /// Timed waits end at their deadline only while this is set.
    timeouts_end: bool,
    /// A notifier that does not hold a watched lock waits for the woken to look.
    look_first: bool,
    /// Calls of `notify_one` and `notify_all`.
    notifies: usize,
    /// Times any thread took a watched lock.
    locks: usize,
    /// While the door is closed: the threads it does not apply to.
    door: Option<[ThreadId; 2]>,
    /// Threads waiting at the closed door.
    at_door: usize,
    /// Thread -> locks it took since it last woke (or ever, if it never slept).
    awake_locks: HashMap<ThreadId, usize>,
    /// Thread -> how many watched locks it holds.
    held: HashMap<ThreadId, usize>,
    /// Thread -> the ticket it woke up from, until it next lets go of the lock.
    woke_from: HashMap<ThreadId, u64>,
    /// Tickets whose thread got up, re-took the lock, and let go of it again.
    looked: HashSet<u64>,
    /// What a failing check draws.
    run: Run,
}

#[derive(Debug)]
struct Sleeper {
    ticket: u64,
    notified: bool,
    deadline: Option<Instant>,
}

impl State {
    fn sleeper(&self, ticket: u64) -> Option<&Sleeper> {
        self.sleepers
            .iter()
            .find(|sleeper| sleeper.ticket == ticket)
    }

    /// Tells the run how many sleepers have been woken and are not up yet.
    fn settle(&mut self, now: Duration) {
        let woken = self.sleepers.iter().filter(|s| s.notified).count();
        self.run.settle(woken, now);
    }
}

impl Watch {
    /// A watch whose timed waits end only when notified.
    pub fn new() -> Arc<Watch> {
        Arc::new(Watch::default())
    }

    /// A watch over a semaphore of `permits`, for the drawing to tell when one is free.
    pub fn of_semaphore(permits: usize) -> Arc<Watch> {
        let watch = Watch::default();
        watch.lock().run = Run::of_permits(permits);
        Arc::new(watch)
    }

    /// The calling thread, `name` on the drawing, is entering `acquire`.
    pub fn acquiring(&self, name: &str) {
        let mut state = self.lock();
        let now = state.run.now();
        state.run.acquiring(thread::current().id(), name, now);
    }

    /// The calling thread, `name` on the drawing, got a permit.
    pub fn took_permit(&self, name: &str) {
        let mut state = self.lock();
        let now = state.run.now();
        state.run.took(thread::current().id(), name, now);
        state.settle(now);
    }

    /// The calling thread is about to let go of its permit.
    pub fn giving_back(&self) {
        let mut state = self.lock();
        let now = state.run.now();
        state.run.gave_back(thread::current().id(), now);
        state.settle(now);
    }

    /// The calling thread's `acquire` panicked.
    pub fn acquire_panicked(&self) {
        let mut state = self.lock();
        let now = state.run.now();
        state.run.panicked(thread::current().id(), now);
    }

    /// The run so far, for a failing check to draw: a row per thread, `...` waiting in
    /// `acquire`, `[===` holding a permit, `xxx` a wait gone wrong (see `run.rs`).
    pub fn spans(&self) -> Vec<Span> {
        let state = self.lock();
        state
            .run
            .spans(|ticket| state.sleeper(ticket).is_some_and(|s| s.notified))
    }

    /// Runs `build` with this watch installed: every `Mutex` and `Condvar` it
    /// creates reports here.
    pub fn build<T>(self: &Arc<Watch>, build: impl FnOnce() -> T) -> T {
        CURRENT.set(Some(Arc::clone(self)));
        let built = build();
        CURRENT.set(None);
        built
    }

    /// Threads asleep in `wait` now, woken or not.
    pub fn asleep(&self) -> usize {
        self.lock().sleepers.len()
    }

    /// Threads asleep in `wait` now that nobody has woken.
    pub fn asleep_unwoken(&self) -> usize {
        self.lock()
            .sleepers
            .iter()
            .filter(|sleeper| !sleeper.notified)
            .count()
    }

    /// Calls of `notify_one` and `notify_all` so far.
    pub fn notifies(&self) -> usize {
        self.lock().notifies
    }

    /// Times any thread took a watched lock so far.
    pub fn locks(&self) -> usize {
        self.lock().locks
    }

    /// While `hold` is true, woken sleepers stay asleep.
    pub fn hold_woken(&self, hold: bool) {
        self.lock().hold_woken = hold;
        self.changed.notify_all();
    }

    /// While `on` is true, a thread that notifies without holding a watched lock
    /// waits until the thread it woke has looked (re-taken the lock and let it go).
    pub fn look_first(&self, on: bool) {
        self.lock().look_first = on;
        self.changed.notify_all();
    }

    /// Closes the door for every thread but the caller and `also` (see the module
    /// docs).
    pub fn close_door(&self, also: ThreadId) {
        self.lock().door = Some([thread::current().id(), also]);
        self.changed.notify_all();
    }

    /// Opens the door: the threads waiting at it go on.
    pub fn open_door(&self) {
        self.lock().door = None;
        self.changed.notify_all();
    }

    /// Lets timed waits end at their deadline again (for a test that is done).
    pub fn let_timeouts_end(&self) {
        self.lock().timeouts_end = true;
        self.changed.notify_all();
    }

    /// Tells the watch that something a test waits for may have changed.
    pub fn poke(&self) {
        let _state = self.lock();
        self.changed.notify_all();
    }

    /// Waits until `done(self)` is true, or `patience` runs out (then `false`).
    /// `done` must only look at the watch's gauges and at flags set before a
    /// [`Watch::poke`]; it must not lock the semaphore.
    pub fn wait_until(&self, patience: Duration, mut done: impl FnMut(&Gauges) -> bool) -> bool {
        let deadline = Instant::now() + patience;
        let mut state = self.lock();
        loop {
            if done(&Gauges::of(&state)) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self.changed.wait_timeout(state, left).unwrap().0;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A check that failed on another thread must not hide the gauges.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the calling thread as a sleeper; returns its ticket.
    fn fall_asleep(&self, timeout: Option<Duration>) -> u64 {
        let mut state = self.lock();
        let me = thread::current().id();
        state.awake_locks.remove(&me);
        state.next_ticket += 1;
        let ticket = state.next_ticket;
        state.sleepers.push(Sleeper {
            ticket,
            notified: false,
            deadline: timeout.map(|timeout| Instant::now() + timeout),
        });
        let now = state.run.now();
        state.run.fell_asleep(me, ticket, now);
        self.changed.notify_all();
        ticket
    }

    /// Sleeps until the sleeper `ticket` may get up; true if it timed out.
    fn sleep(&self, ticket: u64) -> bool {
        let mut state = self.lock();
        loop {
            let sleeper = state.sleeper(ticket).expect("a sleeper leaves only here");
            let (notified, deadline) = (sleeper.notified, sleeper.deadline);
            let timed_out = deadline.is_some_and(|deadline| Instant::now() >= deadline);
            if (notified && !state.hold_woken) || (timed_out && state.timeouts_end) {
                state.sleepers.retain(|sleeper| sleeper.ticket != ticket);
                state.woke_from.insert(thread::current().id(), ticket);
                let now = state.run.now();
                state.run.got_up(thread::current().id(), now);
                state.settle(now);
                self.changed.notify_all();
                return !notified;
            }
            state = match deadline {
                Some(deadline) if state.timeouts_end && !timed_out => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    self.changed.wait_timeout(state, left).unwrap().0
                }
                _ => self.changed.wait(state).unwrap(),
            };
        }
    }

    fn notify(&self, all: bool) {
        let me = thread::current().id();
        let mut state = self.lock();
        state.notifies += 1;
        let mut woken = None;
        for sleeper in state
            .sleepers
            .iter_mut()
            .filter(|sleeper| !sleeper.notified)
        {
            sleeper.notified = true;
            woken = Some(sleeper.ticket);
            if !all {
                break;
            }
        }
        let now = state.run.now();
        state.settle(now);
        self.changed.notify_all();
        let holds_a_lock = state.held.get(&me).is_some_and(|&held| held > 0);
        if let Some(ticket) = woken.filter(|_| state.look_first && !holds_a_lock) {
            let _looked = self
                .changed
                .wait_timeout_while(state, LOOK_PATIENCE, |state| {
                    !state.looked.contains(&ticket)
                })
                .unwrap();
        }
    }

    /// Called before a thread blocks on a watched lock (not when `wait` re-takes it):
    /// waits at the door if it is closed and this thread has looked before.
    fn before_lock(&self) {
        let me = thread::current().id();
        let mut state = self.lock();
        let looked = state.awake_locks.get(&me).is_some_and(|&locks| locks > 0);
        if looked && state.door.is_some_and(|exempt| !exempt.contains(&me)) {
            state.at_door += 1;
            self.changed.notify_all();
            state = self
                .changed
                .wait_while(state, |state| state.door.is_some())
                .unwrap();
            state.at_door -= 1;
        }
    }

    fn locked(&self, looking: bool) {
        let me = thread::current().id();
        let mut state = self.lock();
        state.locks += 1;
        *state.held.entry(me).or_default() += 1;
        if looking {
            *state.awake_locks.entry(me).or_default() += 1;
            state.run.looked(me);
        }
    }

    fn unlocked(&self) {
        let me = thread::current().id();
        let mut state = self.lock();
        if let Some(held) = state.held.get_mut(&me) {
            *held = held.saturating_sub(1);
        }
        if let Some(ticket) = state.woke_from.remove(&me) {
            state.looked.insert(ticket);
        }
        self.changed.notify_all();
    }
}

/// What [`Watch::wait_until`] shows its condition.
#[derive(Debug, Clone, Copy)]
pub struct Gauges {
    /// Threads asleep in `wait`.
    pub asleep: usize,
    /// Of those, the ones nobody has woken.
    pub unwoken: usize,
    /// Times any thread took a watched lock.
    pub locks: usize,
    /// Threads waiting at the closed door.
    pub at_door: usize,
}

impl Gauges {
    fn of(state: &State) -> Gauges {
        Gauges {
            asleep: state.sleepers.len(),
            unwoken: state
                .sleepers
                .iter()
                .filter(|sleeper| !sleeper.notified)
                .count(),
            locks: state.locks,
            at_door: state.at_door,
        }
    }
}

fn current_watch() -> Arc<Watch> {
    CURRENT
        .with_borrow(|current| current.clone())
        .unwrap_or_else(|| {
            let watch = Watch::new();
            watch.let_timeouts_end();
            watch
        })
}

/// `std::sync::Mutex`, watched.
pub struct Mutex<T> {
    inner: std::sync::Mutex<T>,
    watch: Arc<Watch>,
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            inner: std::sync::Mutex::new(value),
            watch: current_watch(),
        }
    }

    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.watch.before_lock();
        self.take(true)
    }

    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        match self.inner.try_lock() {
            Ok(inner) => Ok(self.guard(inner, true)),
            Err(TryLockError::WouldBlock) => Err(TryLockError::WouldBlock),
            Err(TryLockError::Poisoned(poisoned)) => Err(TryLockError::Poisoned(PoisonError::new(
                self.guard(poisoned.into_inner(), true),
            ))),
        }
    }

    /// Takes the lock; `looking` is false when `wait` re-takes it for a sleeper.
    fn take(&self, looking: bool) -> LockResult<MutexGuard<'_, T>> {
        match self.inner.lock() {
            Ok(inner) => Ok(self.guard(inner, looking)),
            Err(poisoned) => Err(PoisonError::new(self.guard(poisoned.into_inner(), looking))),
        }
    }

    fn guard<'a>(
        &'a self,
        inner: std::sync::MutexGuard<'a, T>,
        looking: bool,
    ) -> MutexGuard<'a, T> {
        self.watch.locked(looking);
        MutexGuard { inner, lock: self }
    }
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mutex").field("inner", &self.inner).finish()
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
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

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.inner, f)
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // The inner guard unlocks right after this. Telling the watch first is
        // harmless: whoever it lets go on still has to take the lock itself.
        self.lock.watch.unlocked();
    }
}

/// What `wait_timeout` returns beside the guard, as in the standard library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitTimeoutResult(bool);

impl WaitTimeoutResult {
    /// Whether the wait ended because its time ran out.
    pub fn timed_out(&self) -> bool {
        self.0
    }
}

/// `std::sync::Condvar`, watched: its sleepers get up when the watch says so.
pub struct Condvar {
    watch: Arc<Watch>,
}

impl Condvar {
    pub fn new() -> Condvar {
        Condvar {
            watch: current_watch(),
        }
    }

    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        self.sleep(guard, None).0
    }

    pub fn wait_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> LockResult<MutexGuard<'a, T>> {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    pub fn wait_timeout<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        timeout: Duration,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let (locked, timed_out) = self.sleep(guard, Some(timeout));
        let timed_out = WaitTimeoutResult(timed_out);
        match locked {
            Ok(guard) => Ok((guard, timed_out)),
            Err(poisoned) => Err(PoisonError::new((poisoned.into_inner(), timed_out))),
        }
    }

    pub fn wait_timeout_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        timeout: Duration,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let deadline = Instant::now() + timeout;
        while condition(&mut *guard) {
            let left = deadline.saturating_duration_since(Instant::now());
            let (again, waited) = self.wait_timeout(guard, left)?;
            guard = again;
            if waited.timed_out() {
                let still = condition(&mut *guard);
                return Ok((guard, WaitTimeoutResult(still)));
            }
        }
        Ok((guard, WaitTimeoutResult(false)))
    }

    pub fn notify_one(&self) {
        self.watch.notify(false);
    }

    pub fn notify_all(&self) {
        self.watch.notify(true);
    }

    /// Records the caller as a sleeper while it still holds the lock (so that no
    /// notification can fall between unlocking and sleeping), unlocks, sleeps until
    /// the watch lets it up, and locks again.
    fn sleep<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        timeout: Option<Duration>,
    ) -> (LockResult<MutexGuard<'a, T>>, bool) {
        let mutex = guard.lock;
        let ticket = self.watch.fall_asleep(timeout);
        drop(guard);
        let timed_out = self.watch.sleep(ticket);
        (mutex.take(false), timed_out)
    }
}

impl Default for Condvar {
    fn default() -> Self {
        Condvar::new()
    }
}

impl fmt::Debug for Condvar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condvar").finish_non_exhaustive()
    }
}
