//! Checks for the `rayon_primes` exercise: `exercises/lesson-02/rayon_primes.rs`.

use kit::exercise::Exercise;
use lesson_02::rayon_primes::{count_primes, count_where};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("rayon_primes", "exercises/lesson-02/rayon_primes.rs");

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

#[test]
fn counts_the_primes() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            count_primes(0..10_000),
            1229,
            "There are 1229 primes below 10 000.",
        );
        EXERCISE.check_eq(count_primes(0..2), 0, "Neither 0 nor 1 is prime.");
        EXERCISE.check_eq(count_primes(2..3), 1, "2 is prime.");
    });
}

#[test]
fn counts_what_keep_keeps() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            count_where(0..1000, |n| n % 2 == 0),
            500,
            "count_where(0..1000, is even) should find 500 numbers.",
        );
        EXERCISE.check_eq(
            count_where(5..5, |_| true),
            0,
            "An empty range has nothing to count.",
        );
    });
}

#[test]
fn two_numbers_are_checked_at_the_same_time() {
    EXERCISE.run(|| {
        // On a pool of two threads, `keep` is called for 0 and for 1, and each call
        // waits for the other to arrive. Only calls running at the same time can
        // meet; one after another, the first waits in vain and says no.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a rayon pool");
        let rendezvous = Rendezvous::default();
        let met = pool.install(|| count_where(0..2, |_| rendezvous.meet(2)));
        EXERCISE.check_eq(
            met,
            2,
            "The two calls of `keep` should run at the same time, on the pool's two \
             threads, and meet. An ordinary iterator (`numbers.filter(..)`) calls them \
             one after another: use rayon's `into_par_iter()`.",
        );
    });
}
