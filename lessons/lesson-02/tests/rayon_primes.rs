//! Checks for the `rayon_primes` exercise: `exercises/lesson-02/rayon_primes.rs`.
//!
//! They run your file compiled a second time, here, against a `crate::primes` whose
//! `is_prime` counts, on each thread, the numbers it tested: so a check can see on
//! which threads `count_primes` did its work.

use kit::exercise::Exercise;
use kit::timeline::{ABANDONED, Lane, Timeline};
use rayon_primes::{count_primes, count_where};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new("rayon_primes", "exercises/lesson-02/rayon_primes.rs");

/// What `crate::primes` names in the exercise file when this test compiles it.
mod primes {
    use std::cell::Cell;

    thread_local! {
        /// How many numbers `is_prime` has tested on this thread.
        pub static TESTED_HERE: Cell<u64> = const { Cell::new(0) };
    }

    /// The lesson's `is_prime`, counting its calls on the calling thread.
    pub fn is_prime(n: u64) -> bool {
        TESTED_HERE.set(TESTED_HERE.get() + 1);
        lesson_02::primes::is_prime(n)
    }
}

// An untouched exercise is mostly `todo!()`, so its unused names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/rayon_primes.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/rayon_primes.rs")]
mod rayon_primes;

/// Two callers meet here: each waits until the other has arrived too. A caller who
/// waits in vain gives up after a while and reports that it met nobody.
#[derive(Default)]
struct Rendezvous {
    arrived: Mutex<usize>,
    everyone_here: Condvar,
}

impl Rendezvous {
    const PATIENCE: Duration = Duration::from_secs(4);

    fn meet(&self, expected: usize) -> bool {
        let mut arrived = self.arrived.lock().unwrap();
        *arrived += 1;
        self.everyone_here.notify_all();
        let (_arrived, waited) = self
            .everyone_here
            .wait_timeout_while(arrived, Self::PATIENCE, |arrived| *arrived < expected)
            .unwrap();
        !waited.timed_out()
    }
}

/// A pool of two threads, to run a check on.
fn two_threads() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a rayon pool")
}

/// Checks a count; a count higher than there are things to count has a likely cause.
fn check_count(got: usize, expected: usize, what: &str) {
    if got > expected {
        EXERCISE.fail(format_args!(
            "{what}\n  It counted {got}, more than there are. A counter that outlives the \
             call (a `static`, like a Python global) still holds what earlier calls \
             counted, and what calls running at the same time count. Count inside \
             count_where, or let rayon count: `.filter(..).count()`."
        ));
    }
    EXERCISE.check_eq(got, expected, what);
}

#[test]
fn counts_the_primes() {
    EXERCISE.run(|| {
        check_count(
            count_primes(0..10_000),
            1229,
            "There are 1229 primes below 10 000.",
        );
        check_count(count_primes(0..2), 0, "Neither 0 nor 1 is prime.");
        check_count(count_primes(2..3), 1, "2 is prime.");
    });
}

#[test]
fn counts_what_keep_keeps() {
    EXERCISE.run(|| {
        check_count(
            count_where(0..1000, |n| n % 2 == 0),
            500,
            "count_where(0..1000, is even) should find 500 numbers.",
        );
        check_count(
            count_where(5..5, |_| true),
            0,
            "An empty range has nothing to count.",
        );
    });
}

/// How a failure introduces the calls of `keep` it draws.
const AS_THE_THREADS_RAN_IT: &str = "as the threads ran it (a row per thread; [=== is one call \
     of `keep`, from its arrival at the meeting point until the other call is there too; xxx \
     one that waited in vain)";

/// The row for a call of `keep`: which of the pool's threads made it, if any.
fn this_thread() -> Lane {
    match rayon::current_thread_index() {
        Some(index) => Lane::named(format!("pool thread {index}")),
        None => Lane::named("the calling thread"),
    }
}

#[test]
fn two_numbers_are_checked_at_the_same_time() {
    EXERCISE.run(|| {
        // On a pool of two threads, `keep` is called for 0 and for 1, and each call
        // waits for the other to arrive. Only calls running at the same time can
        // meet; one after another, the first waits in vain and says no.
        let rendezvous = Rendezvous::default();
        let timeline = Timeline::new();
        let met = two_threads().install(|| {
            count_where(0..2, |n| {
                let call = timeline.begin(this_thread(), format!("keep({n})"));
                let met = rendezvous.meet(2);
                call.end(if met { "met" } else { ABANDONED });
                met
            })
        });
        let run = EXERCISE.run_of(AS_THE_THREADS_RAN_IT, timeline.spans());
        if met < 2 {
            EXERCISE.fail(format_args!(
                "count_where(0..2, ..) on a pool of two threads counted {met} of the 2 calls \
                 of `keep` that should have met. The two calls should run at the same time, \
                 on the pool's two threads. An ordinary iterator (`numbers.filter(..)`) \
                 calls them one after another: use rayon's `into_par_iter()`.\n{run}"
            ));
        }
        check_count(met, 2, "Both calls of `keep` met, so both count.");
    });
}

#[test]
fn count_primes_runs_on_rayons_threads() {
    EXERCISE.run(|| {
        // This thread is not one of rayon's: work that rayon runs in parallel goes to
        // its pool, while this thread waits. Work done one number after another is
        // done right here.
        const NUMBERS: u64 = 20_000;
        let before = primes::TESTED_HERE.get();
        let primes = count_primes(0..NUMBERS);
        let tested_here = primes::TESTED_HERE.get() - before;
        check_count(primes, 2262, "There are 2262 primes below 20 000.");
        EXERCISE.check(
            tested_here < NUMBERS,
            format_args!(
                "count_primes(0..{NUMBERS}) tested all {tested_here} numbers itself, one \
                 after another, on the thread that called it: none ran on rayon's pool. \
                 Count with `count_where(numbers, is_prime)`, which you made parallel, \
                 not with an ordinary `filter`."
            ),
        );
    });
}

#[test]
fn no_count_is_lost() {
    EXERCISE.run(|| {
        // `keep` keeps every number, and for the first numbers on each of the pool's
        // two threads it holds its thread until the other thread has reached the same
        // step. When both threads are running, they then add to any shared counter at
        // the same moment: a load and a store that can be split are split, and counts
        // are lost. Rounds go on until the threads have taken enough steps together
        // (on a busy machine, they may have to wait for two cores at once), for a
        // few seconds at most.
        const NUMBERS: u64 = 100_000;
        const STEPS_TOGETHER: u64 = 1_000;
        const AT_MOST: Duration = Duration::from_secs(3);
        let pool = two_threads();
        let since = Instant::now();
        let mut together = 0;
        while together < STEPS_TOGETHER && since.elapsed() < AT_MOST {
            let lockstep = Lockstep::new(2_000);
            let counted = pool.install(|| {
                count_where(0..NUMBERS, |_| {
                    lockstep.step();
                    true
                })
            });
            if counted < NUMBERS as usize {
                EXERCISE.fail(format_args!(
                    "count_where(0..{NUMBERS}, keep everything), on two threads at once, \
                     counted {counted}: {} counts were lost. Both threads read the shared \
                     count, both added one, and the second write put the same number over \
                     the first. A load and a store (or two `lock()` calls) are two steps \
                     that another thread can come between. Use one read-modify-write \
                     (`fetch_add`), or let rayon count: `.filter(..).count()`.",
                    NUMBERS as usize - counted
                ));
            }
            check_count(
                counted,
                NUMBERS as usize,
                "count_where with a `keep` that keeps every number should count them all.",
            );
            together += lockstep.together();
        }
    });
}

/// Keeps the two threads of a rayon pool in step: each of the first `steps` calls of
/// [`Lockstep::step`] on a thread waits, spinning so that the thread stays on its
/// core, until the other thread has made as many calls. It counts the steps the two
/// threads really took together: those where the waiting thread saw its partner
/// arrive within [`Lockstep::AT_ONCE`], so both were running at that moment. After
/// [`Lockstep::AT_MOST`] the threads go on unheld, so code that is not parallel (no
/// partner ever comes) costs no more than that.
struct Lockstep {
    threads: [Thread; 2],
    steps: usize,
    started: Instant,
    over: AtomicBool,
    together: AtomicU64,
}

/// One pool thread's progress, on cache lines of its own so that the two threads do
/// not slow each other down counting.
#[repr(align(128))]
struct Thread {
    calls: AtomicU64,
    /// When it made each call, in nanoseconds since the lockstep started.
    arrived: Vec<AtomicU64>,
}

impl Lockstep {
    const AT_ONCE: Duration = Duration::from_micros(20);
    const AT_MOST: Duration = Duration::from_secs(1);

    fn new(steps: usize) -> Lockstep {
        let thread = || Thread {
            calls: AtomicU64::new(0),
            arrived: (0..steps).map(|_| AtomicU64::new(0)).collect(),
        };
        Lockstep {
            threads: [thread(), thread()],
            steps,
            started: Instant::now(),
            over: AtomicBool::new(false),
            together: AtomicU64::new(0),
        }
    }

    /// How many steps the two threads took at the same moment.
    fn together(&self) -> u64 {
        self.together.load(Ordering::SeqCst)
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn step(&self) {
        let Some(me @ 0..=1) = rayon::current_thread_index() else {
            return; // not on the check's pool of two
        };
        let (mine, partner) = (&self.threads[me], &self.threads[1 - me]);
        let step = mine.calls.load(Ordering::SeqCst);
        if step >= self.steps as u64 || self.over.load(Ordering::Relaxed) {
            mine.calls.fetch_add(1, Ordering::SeqCst);
            return;
        }
        mine.arrived[step as usize].store(self.now(), Ordering::SeqCst);
        mine.calls.fetch_add(1, Ordering::SeqCst);
        if partner.calls.load(Ordering::SeqCst) > step {
            return; // the partner came first: it is the one that waits, and counts
        }
        let mut spins = 0u32;
        while partner.calls.load(Ordering::SeqCst) <= step {
            std::hint::spin_loop();
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) && self.started.elapsed() > Self::AT_MOST {
                self.over.store(true, Ordering::Relaxed);
                return;
            }
        }
        let seen = self.now();
        let partner_arrived = partner.arrived[step as usize].load(Ordering::SeqCst);
        if u128::from(seen.saturating_sub(partner_arrived)) < Self::AT_ONCE.as_nanos() {
            self.together.fetch_add(1, Ordering::SeqCst);
        }
    }
}
