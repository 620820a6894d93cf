//! Checks for the `counting_semaphore` exercise:
//! `exercises/lesson-07/counting_semaphore.rs`.
//!
//! Most checks compile your file a second time against a watched `Mutex` and
//! `Condvar` (in `tests/watched/`): the same API, but the watch knows which threads
//! sleep on the condition variable and which have been woken, and it decides when a
//! woken thread gets up. So the checks never wait for luck or for a clock: they make
//! the dangerous moment happen (a permit taken back before the woken thread looks,
//! two permits returned before either woken thread runs) and then look at who is
//! asleep. A failing check ends with the run drawn: a row per thread, who waited, who
//! slept, who held a permit. The last check runs your semaphore as it is, with the
//! standard library's types, under many threads.

// Not every check uses all of the watch.
#[allow(dead_code)]
mod watched;

use counting_semaphore::Semaphore;
use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline};
use std::fmt::Display;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use watched::Watch;

const EXERCISE: Exercise = Exercise::new(
    "counting_semaphore",
    "exercises/lesson-07/counting_semaphore.rs",
);

/// What `crate::sync` names in the exercise file when this test compiles it.
mod sync {
    pub use super::watched::{Condvar, Mutex, MutexGuard};
}

// The exercise file itself, compiled a second time, inside this test, against the
// `sync` module above.
#[allow(dead_code)]
// As in the lesson crate: an untouched exercise is mostly `todo!()`, so its unused
// names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-07/counting_semaphore.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-07/counting_semaphore.rs")]
mod counting_semaphore;

/// Long enough for any thread on a loaded machine to start and fall asleep; short
/// enough to fail quickly. Only a wrong answer ever waits this long.
const PATIENCE: Duration = Duration::from_secs(5);

/// A semaphore of `permits`, built against a fresh watch.
fn watched(permits: usize) -> (Arc<Watch>, Arc<Semaphore>) {
    let watch = Watch::of_semaphore(permits);
    let semaphore = Arc::new(watch.build(|| Semaphore::new(permits)));
    (watch, semaphore)
}

/// How a failure introduces the run the watch saw.
const AS_THE_WATCH_SAW_IT: &str = "as the watch saw it (a row per thread: ... waiting in \
     acquire, awake or asleep; [=== holding a permit; x waiting wrongly: asleep beside a \
     free permit nobody was woken for, looking again and again, or panicked; at once \
     counts = and x)";

/// Fails the test with `what`, and the run so far drawn under it.
fn fail_drawn(watch: &Watch, what: impl Display) -> ! {
    EXERCISE.fail(format_args!(
        "{what}\n{}",
        EXERCISE.run_of(AS_THE_WATCH_SAW_IT, watch.spans())
    ))
}

/// Checks a condition; otherwise fails with `what` and the run drawn.
fn check_drawn(watch: &Watch, condition: bool, what: impl Display) {
    if !condition {
        fail_drawn(watch, what);
    }
}

/// Keeps a run that passed, for `cargo workbook run` to show beside the reference's.
fn keep(watch: &Watch) {
    EXERCISE.keep_run(AS_THE_WATCH_SAW_IT, &watch.spans());
}

#[test]
fn try_acquire_counts_permits() {
    EXERCISE.run(|| {
        let (_watch, semaphore) = watched(2);
        let first = semaphore.try_acquire();
        let second = semaphore.try_acquire();
        EXERCISE.check(
            first.is_some() && second.is_some(),
            "a semaphore of 2 should give two permits.",
        );
        EXERCISE.check_eq(semaphore.available(), 0, "both permits are held.");
        EXERCISE.check(
            semaphore.try_acquire().is_none(),
            "a third try_acquire, with both permits held, should return None.",
        );
        drop(first);
        EXERCISE.check_eq(
            semaphore.available(),
            1,
            "dropping a permit should give it back.",
        );
        let third = semaphore.try_acquire();
        EXERCISE.check(third.is_some(), "a returned permit can be taken again.");
        drop((second, third));
        EXERCISE.check_eq(semaphore.available(), 2, "all permits back.");
        let (_watch, none) = watched(0);
        EXERCISE.check(
            none.try_acquire().is_none(),
            "a semaphore of 0 has nothing to give.",
        );
    });
}

const ACQUIRING: u8 = 0;
const GOT: u8 = 1;
const PANICKED: u8 = 2;

/// A thread that takes a permit from `semaphore`; it keeps the permit until it is
/// told to let go. It tells the watch whenever its state changes.
struct Taker {
    state: Arc<AtomicU8>,
    release: mpsc::Sender<()>,
    thread: thread::JoinHandle<()>,
}

/// Sets the taker's state to "panicked" if it unwinds, and pokes the watch.
struct Report {
    state: Arc<AtomicU8>,
    watch: Arc<Watch>,
}

impl Drop for Report {
    fn drop(&mut self) {
        if thread::panicking() {
            self.watch.acquire_panicked();
            self.state.store(PANICKED, Ordering::SeqCst);
        }
        self.watch.poke();
    }
}

/// A thread, `name` on the drawing.
fn taker(watch: &Arc<Watch>, semaphore: &Arc<Semaphore>, name: &str) -> Taker {
    let state = Arc::new(AtomicU8::new(ACQUIRING));
    let (release, let_go) = mpsc::channel::<()>();
    let (semaphore, report) = (
        Arc::clone(semaphore),
        Report {
            state: Arc::clone(&state),
            watch: Arc::clone(watch),
        },
    );
    let who = name.to_owned();
    let thread = thread::Builder::new()
        .name(who.clone())
        .spawn(move || {
            report.watch.acquiring(&who);
            let permit = semaphore.acquire();
            report.watch.took_permit(&who);
            report.state.store(GOT, Ordering::SeqCst);
            report.watch.poke();
            let _ = let_go.recv();
            report.watch.giving_back();
            drop(permit);
            drop(report);
        })
        .expect("the test could not start a thread");
    Taker {
        state,
        release,
        thread,
    }
}

impl Taker {
    fn id(&self) -> thread::ThreadId {
        self.thread.thread().id()
    }

    fn got(&self) -> bool {
        self.state.load(Ordering::SeqCst) == GOT
    }

    fn panicked(&self) -> bool {
        self.state.load(Ordering::SeqCst) == PANICKED
    }

    /// Whether `acquire` returned or panicked.
    fn ended(&self) -> bool {
        self.state.load(Ordering::SeqCst) != ACQUIRING
    }

    /// Lets go of the permit (if it got one) and waits for the thread to end: when
    /// this returns, so has the permit's release. A panic of the thread's (a
    /// `todo!()`, say) goes on here, on the test's thread, explained.
    fn finish(self) {
        drop(self.release);
        if let Err(panic) = self.thread.join() {
            std::panic::resume_unwind(panic);
        }
    }
}

/// How many times the waiting threads may take the semaphore's lock before they are
/// all asleep. A thread that sleeps on the condition variable takes it a few times; one
/// that polls (looks, lets go, looks again) takes it hundreds of times a second.
const LOOKS: usize = 200;

/// Waits until the takers are all asleep in `wait`; fails, explaining, if one got a
/// permit instead, or if they never fall asleep.
fn until_asleep(watch: &Watch, semaphore: &Semaphore, takers: &[&Taker]) {
    let count = takers.len();
    let before = watch.locks();
    let asleep = watch.wait_until(PATIENCE, |gauges| {
        gauges.asleep == count
            || gauges.locks - before > LOOKS
            || takers.iter().any(|taker| taker.ended())
    });
    let looks = watch.locks() - before;
    check_drawn(
        watch,
        !takers.iter().any(|taker| taker.got()),
        "another thread got a permit while none was free: acquire must wait while no \
         permit is available.",
    );
    if takers.iter().any(|taker| taker.panicked()) {
        EXERCISE.fail("a thread waiting in acquire panicked (its message is above).");
    }
    let waiters = if count == 1 {
        "a thread".to_owned()
    } else {
        format!("{count} threads")
    };
    check_drawn(
        watch,
        asleep && watch.asleep() == count,
        format_args!(
            "{waiters} called acquire while no permit was free, and took the semaphore's \
             lock {looks} times without falling asleep on the condition variable: \
             acquire never sleeps, it polls. A loop around \
             try_acquire with `yield_now` (or a short sleep) burns a core, or wakes up \
             hundreds of times a second, for as long as it waits. Sleep on `freed` \
             (`Condvar::wait`) and let release wake you."
        ),
    );
    EXERCISE.check_eq(
        semaphore.waiting(),
        count,
        "waiting(), with that many threads asleep in acquire. Count a waiting thread in \
         `waiting` (under the lock) before it waits, and count it out when it stops.",
    );
}

/// Waits until every taker got its permit; fails, explaining, if one did not.
fn until_all_got(watch: &Watch, takers: &[&Taker]) {
    let ended = watch.wait_until(PATIENCE, |_| takers.iter().all(|taker| taker.ended()));
    if takers.iter().any(|taker| taker.panicked()) {
        EXERCISE.fail("a thread waiting in acquire panicked (its message is above).");
    }
    check_drawn(
        watch,
        ended,
        format_args!(
            "a permit came back, and a thread waiting for one still had not got it after \
             {PATIENCE:?}."
        ),
    );
}

/// A thread, `name` on the drawing, that takes a permit from a semaphore that has one
/// free, and holds it until `finish`. Fails, explaining, if acquire does not come back
/// with it.
fn holder(watch: &Arc<Watch>, semaphore: &Arc<Semaphore>, name: &str) -> Taker {
    let taker = taker(watch, semaphore, name);
    watch.wait_until(PATIENCE, |gauges| taker.ended() || gauges.asleep > 0);
    if taker.panicked() {
        taker.finish();
        unreachable!("finish goes on with the thread's panic");
    }
    if !taker.got() && watch.asleep() > 0 {
        fail_drawn(
            watch,
            "acquire on a semaphore with a permit free went to sleep instead of taking \
             it. Is the condition upside down? `wait_while(guard, condition)` waits WHILE \
             the condition is true (Python's `wait_for` waits UNTIL its predicate is \
             true): wait while `available == 0`.",
        );
    }
    check_drawn(
        watch,
        taker.got(),
        format_args!(
            "acquire on a semaphore with a permit free had not returned after {PATIENCE:?}."
        ),
    );
    taker
}

const NEVER_WOKEN: &str = "the permit came back, and the thread waiting in acquire was not \
     woken: release gave the permit back without notifying the condition variable, so the \
     waiter sleeps beside a free permit. Notify in release (`freed.notify_one()`). (A \
     timed wait that wakes up every millisecond to look would find it eventually, but that \
     is polling, not waiting: nothing promises when a timed wait ends, and here it does \
     not.)";

#[test]
fn acquire_waits_for_a_permit() {
    EXERCISE.run(|| {
        let (watch, semaphore) = watched(1);
        let held = holder(&watch, &semaphore, "holder");
        let b = taker(&watch, &semaphore, "waiter");
        until_asleep(&watch, &semaphore, &[&b]);
        held.finish();
        // release has returned: the waiter must have been woken by now (it may even
        // have the permit already). Nothing else will ever wake it.
        check_drawn(&watch, watch.asleep_unwoken() == 0, NEVER_WOKEN);
        until_all_got(&watch, &[&b]);
        EXERCISE.check_eq(
            (semaphore.available(), semaphore.waiting()),
            (0, 0),
            "the waiting thread holds the permit now: (available, waiting).",
        );
        b.finish();
        EXERCISE.check_eq(semaphore.available(), 1, "and gave it back.");
        keep(&watch);
    });
}

#[test]
fn the_permit_is_back_before_the_waiter_is_woken() {
    EXERCISE.run(|| {
        let (watch, semaphore) = watched(1);
        let held = holder(&watch, &semaphore, "holder");
        let b = taker(&watch, &semaphore, "waiter");
        until_asleep(&watch, &semaphore, &[&b]);
        // From now on, a notify from a thread that does not hold the lock returns only
        // once the woken thread has looked at the count. The woken thread must find
        // the permit there.
        watch.look_first(true);
        let notifies = watch.notifies();
        held.finish();
        watch.look_first(false);
        if watch.asleep_unwoken() == 1 && semaphore.available() == 1 {
            check_drawn(&watch, watch.notifies() > notifies, NEVER_WOKEN);
            fail_drawn(
                &watch,
                "release notified the condition variable before it put the permit back. \
                 The woken thread looked, found no permit, and went back to sleep; then \
                 the permit came back, and nobody was told: a thread asleep beside a free \
                 permit. (The test let the woken thread look at once; on a real machine \
                 that happens some of the time.) Put the permit back first, then notify.",
            );
        }
        until_all_got(&watch, &[&b]);
        b.finish();
        EXERCISE.check_eq(semaphore.available(), 1, "the permit is back.");
        keep(&watch);
    });
}

#[test]
fn a_permit_back_between_the_look_and_the_wait() {
    EXERCISE.run(|| {
        let (watch, semaphore) = watched(1);
        let held = holder(&watch, &semaphore, "holder");
        // A thread that looks at the count, lets go of the lock, and comes back for
        // it (to wait, say) is stopped at the door. The permit comes back meanwhile.
        watch.close_door(held.id());
        let b = taker(&watch, &semaphore, "waiter");
        let before = watch.locks();
        watch.wait_until(PATIENCE, |gauges| {
            gauges.asleep == 1 || gauges.at_door == 1 || gauges.locks - before > LOOKS || b.ended()
        });
        let stopped_at_the_door = watch.wait_until(Duration::ZERO, |gauges| gauges.at_door == 1);
        held.finish();
        watch.open_door();
        watch.wait_until(PATIENCE, |gauges| gauges.asleep == 1 || b.ended());
        if watch.asleep_unwoken() == 1 && semaphore.available() == 1 {
            check_drawn(
                &watch,
                !stopped_at_the_door,
                format_args!(
                    "the permit came back while the thread in acquire was between its look at \
                 the count and its wait: it had let go of the lock in between (a \
                 try_acquire, or a check under one lock, then `wait` under another). The \
                 notify found nobody asleep; then the thread went to sleep beside the free \
                 permit: a lost wake-up. (The test held the thread at the lock for that \
                 moment; on a real machine it happens rarely.) Look and wait under ONE \
                 lock: keep the guard you looked with and hand it to `Condvar::wait`, \
                 which lets go of the lock and falls asleep in one step."
                ),
            );
            fail_drawn(&watch, NEVER_WOKEN);
        }
        until_all_got(&watch, &[&b]);
        b.finish();
        EXERCISE.check_eq(semaphore.available(), 1, "the permit is back.");
        keep(&watch);
    });
}

#[test]
fn two_permits_back_wake_two_waiters() {
    EXERCISE.run(|| {
        let (watch, semaphore) = watched(2);
        let first = holder(&watch, &semaphore, "holder 1");
        let second = holder(&watch, &semaphore, "holder 2");
        let b = taker(&watch, &semaphore, "waiter 1");
        let c = taker(&watch, &semaphore, "waiter 2");
        until_asleep(&watch, &semaphore, &[&b, &c]);
        // Both permits come back before either woken thread gets up: each release
        // must wake a thread of its own.
        let notifies = watch.notifies();
        watch.hold_woken(true);
        first.finish();
        second.finish();
        let unwoken = watch.asleep_unwoken();
        watch.hold_woken(false);
        check_drawn(&watch, watch.notifies() > notifies, NEVER_WOKEN);
        check_drawn(
            &watch,
            unwoken == 0,
            format_args!(
                "two permits came back, one right after the other, while two threads \
                 waited in acquire, and one of the two was never woken: it sleeps \
                 beside a free permit. Does release notify only when the count goes from \
                 0 to 1? When the second permit came back, the first woken thread had not \
                 run yet, so the count went from 1 to 2, with a thread still waiting. \
                 Notify on every release (`notify_one` per permit), or whenever someone \
                 is waiting."
            ),
        );
        until_all_got(&watch, &[&b, &c]);
        EXERCISE.check_eq(
            (semaphore.available(), semaphore.waiting()),
            (0, 0),
            "both waiting threads hold a permit now: (available, waiting).",
        );
        b.finish();
        c.finish();
        EXERCISE.check_eq(semaphore.available(), 2, "and gave them back.");
        keep(&watch);
    });
}

#[test]
fn a_woken_thread_looks_again() {
    EXERCISE.run(|| {
        let (watch, semaphore) = watched(1);
        let held = holder(&watch, &semaphore, "holder");
        let b = taker(&watch, &semaphore, "waiter");
        until_asleep(&watch, &semaphore, &[&b]);
        // Give the permit back and take it again at once, before the woken thread
        // gets up: it was woken, but the permit is gone.
        watch.hold_woken(true);
        held.finish();
        let again = semaphore.try_acquire();
        if again.is_some() {
            watch.took_permit("the test (try_acquire)");
        }
        watch.hold_woken(false);
        if again.is_some() {
            // Let it get up: it must look, find nothing, and go back to sleep.
            watch.wait_until(PATIENCE, |gauges| gauges.unwoken == 1 || b.ended());
            check_drawn(
                &watch,
                !b.got(),
                "a thread woken by the returned permit went ahead although this thread \
                 had taken the permit again first: two holders of a semaphore of 1. \
                 Waking up only means \"look again\": wait in a `while` loop, not behind \
                 an `if`.",
            );
            check_drawn(
                &watch,
                !b.panicked(),
                "the thread waiting in acquire panicked (its message is above) after it \
                 was woken, while this thread held the only permit. Did it count below \
                 zero? Woken up, it took a permit that another thread had already taken: \
                 being woken only means \"look again\". Wait in a `while` loop, not \
                 behind an `if`.",
            );
            watch.giving_back();
        }
        drop(again);
        check_drawn(&watch, watch.asleep_unwoken() == 0, NEVER_WOKEN);
        until_all_got(&watch, &[&b]);
        b.finish();
        keep(&watch);
    });
}

/// Where the holders of permits wait for each other: they go on together once there
/// are `permits` of them, or as many as there are threads still taking permits.
struct Gathering {
    permits: usize,
    state: Mutex<Gathered>,
    changed: Condvar,
}

struct Gathered {
    here: usize,
    /// Goes up by one each time a group leaves.
    group: u64,
    /// Threads that have not taken all their permits yet.
    running: usize,
}

impl Gathering {
    fn new(permits: usize, threads: usize) -> Self {
        Gathering {
            permits,
            state: Mutex::new(Gathered {
                here: 0,
                group: 0,
                running: threads,
            }),
            changed: Condvar::new(),
        }
    }

    /// Waits until the group this holder joins is full.
    fn until_full(&self) {
        let mut state = self.state.lock().unwrap();
        state.here += 1;
        let mine = state.group;
        self.let_go_if_full(&mut state);
        let _left = self
            .changed
            .wait_while(state, |state| state.group == mine)
            .unwrap();
    }

    /// A thread that has taken all its permits: the groups get smaller.
    fn leave(&self) {
        let mut state = self.state.lock().unwrap();
        state.running -= 1;
        self.let_go_if_full(&mut state);
    }

    fn let_go_if_full(&self, state: &mut Gathered) {
        if state.here > 0 && state.here >= self.permits.min(state.running) {
            state.here = 0;
            state.group += 1;
            self.changed.notify_all();
        }
    }
}

/// How a failure introduces the permits held in `many_threads_never_more_than_the_count`.
const AS_THE_HOLDERS_SAW_IT: &str = "as the threads held their permits (a row per thread; \
     [=== a permit held, from acquire's return until it is dropped)";

/// Fails if `most` threads at once held a permit of a semaphore of `permits`.
fn too_many_holders(most: usize, permits: usize, timeline: &Timeline) {
    if most > permits {
        EXERCISE.fail(format_args!(
            "a semaphore of {permits} had {most} holders at once.\n{}",
            EXERCISE.run_of(AS_THE_HOLDERS_SAW_IT, timeline.spans())
        ));
    }
}

#[test]
fn many_threads_never_more_than_the_count() {
    EXERCISE.run(|| {
        // Your semaphore as it is, with the standard library's Mutex and Condvar.
        const PERMITS: usize = 3;
        const THREADS: usize = 6;
        const ROUNDS: usize = 100;
        let semaphore = Arc::new(lesson_07::counting_semaphore::Semaphore::new(PERMITS));
        // Once alone first, so that a `todo!()` (or an acquire that sleeps beside a free
        // permit) is reported plainly.
        let (returned, first) = mpsc::channel();
        let alone = thread::spawn({
            let semaphore = Arc::clone(&semaphore);
            move || {
                drop(semaphore.acquire());
                let _ = returned.send(());
            }
        });
        match first.recv_timeout(PATIENCE) {
            Ok(()) => {}
            // It panicked, and dropped its sender: its panic goes on here.
            Err(RecvTimeoutError::Disconnected) => {
                if let Err(panic) = alone.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            Err(RecvTimeoutError::Timeout) => EXERCISE.fail(format_args!(
                "acquire on a semaphore of {PERMITS} free permits had not returned after \
                 {PATIENCE:?}: it sleeps although permits are free. Is the condition of \
                 its wait upside down?"
            )),
        }
        let holders = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let rounds = Arc::new(AtomicUsize::new(0));
        // All threads start together, so that they contend from the first round.
        let start = Arc::new(Barrier::new(THREADS));
        // Holders let go only once all the permits are taken, so that the other
        // threads must wait in acquire, asleep, and be woken, again and again.
        let full = Arc::new(Gathering::new(PERMITS, THREADS));
        // Every permit held, for a failure to draw.
        let timeline = Timeline::new();
        let (done, finished) = mpsc::channel();
        for _ in 0..THREADS {
            let done = done.clone();
            let timeline = timeline.clone();
            let (semaphore, holders, most, rounds, start, full) = (
                Arc::clone(&semaphore),
                Arc::clone(&holders),
                Arc::clone(&most),
                Arc::clone(&rounds),
                Arc::clone(&start),
                Arc::clone(&full),
            );
            // Not scoped: a stuck thread must not keep the test from failing.
            thread::spawn(move || {
                start.wait();
                let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    for _ in 0..ROUNDS {
                        let permit = semaphore.acquire();
                        let held = timeline.begin(Lane::this_thread(), "permit");
                        let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        full.until_full();
                        holders.fetch_sub(1, Ordering::SeqCst);
                        rounds.fetch_add(1, Ordering::SeqCst);
                        held.end("held");
                        drop(permit);
                    }
                }));
                full.leave();
                let _ = done.send(outcome);
            });
        }
        drop(done);
        // A busy machine makes this slow, never stuck: fail only when no thread has
        // finished a round for a whole PATIENCE.
        let mut finished_threads = 0;
        let mut last = (0, Instant::now());
        while finished_threads < THREADS {
            match finished.recv_timeout(Duration::from_millis(100)) {
                Ok(Ok(())) => finished_threads += 1,
                Ok(Err(panic)) => {
                    let message = kit::exercise::panic_message(&*panic).unwrap_or_default();
                    if message.contains("overflow") {
                        EXERCISE.fail(format_args!(
                            "a thread taking and returning permits panicked: \"{message}\". \
                             A count went below zero: a woken thread took a permit that \
                             another had taken first. Being woken only means \"look \
                             again\": wait in a `while` loop, not behind an `if`."
                        ));
                    }
                    std::panic::resume_unwind(panic)
                }
                Err(RecvTimeoutError::Timeout) => {
                    let now = rounds.load(Ordering::SeqCst);
                    if now != last.0 {
                        last = (now, Instant::now());
                    } else if last.1.elapsed() > PATIENCE {
                        let most = most.load(Ordering::SeqCst);
                        too_many_holders(most, PERMITS, &timeline);
                        EXERCISE.fail(format_args!(
                            "{THREADS} threads taking and returning permits were stuck: \
                             no permit was taken for {PATIENCE:?}, with {} of {} rounds \
                             done. Some are waiting for a permit that came back: a lost \
                             wake-up. Does every release notify the condition variable?",
                            now,
                            THREADS * ROUNDS
                        ));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    unreachable!("every thread sends its outcome before it ends")
                }
            }
        }
        let most = most.load(Ordering::SeqCst);
        too_many_holders(most, PERMITS, &timeline);
        EXERCISE.keep_run(AS_THE_HOLDERS_SAW_IT, &timeline.spans());
        EXERCISE.check_eq(
            (semaphore.available(), semaphore.waiting()),
            (PERMITS, 0),
            format_args!(
                "after {} permits taken and returned: all back, nobody waiting.",
                THREADS * ROUNDS
            ),
        );
    });
}
