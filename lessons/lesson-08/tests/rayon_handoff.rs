//! Checks for the `rayon_handoff` exercise: `exercises/lesson-08/rayon_handoff.rs`.
//!
//! Every check runs on a current-thread runtime: one thread, so a count made on it
//! stops everything else. Where `keep` ran is checked with rayon's thread index and a
//! meeting with another task (see `probe/mod.rs`), never with a timer.

mod probe;

use kit::exercise::Exercise;
use lesson_08::rayon_handoff::{count_primes, count_where};
use probe::{Seen, meeting};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const EXERCISE: Exercise = Exercise::new("rayon_handoff", "exercises/lesson-08/rayon_handoff.rs");

#[test]
fn counts_the_primes() {
    EXERCISE.run_async(|| async {
        EXERCISE.check_eq(
            count_primes(0..10_000).await,
            1229,
            "There are 1229 primes below 10 000.",
        );
        EXERCISE.check_eq(count_primes(0..2).await, 0, "Neither 0 nor 1 is prime.");
        EXERCISE.check_eq(count_primes(2..3).await, 1, "2 is prime.");
    });
}

#[test]
fn counts_what_keep_keeps() {
    EXERCISE.run_async(|| async {
        EXERCISE.check_eq(
            count_where(0..1000, |n| n % 2 == 0).await,
            500,
            "count_where(0..1000, is even) should find 500 numbers.",
        );
        EXERCISE.check_eq(
            count_where(5..5, |_| true).await,
            0,
            "An empty range has nothing to count.",
        );
    });
}

#[test]
fn keep_runs_on_rayon_while_other_tasks_run() {
    EXERCISE.run_async(|| async {
        let (work, neighbour) = meeting();
        let work = Arc::new(work);
        let off_rayon = Arc::new(AtomicUsize::new(0));
        tokio::spawn(neighbour.answer());

        let count = count_where(0..8, {
            let work = Arc::clone(&work);
            let off_rayon = Arc::clone(&off_rayon);
            move |n| {
                if rayon::current_thread_index().is_none() {
                    off_rayon.fetch_add(1, Ordering::Relaxed);
                }
                // The call for 0 waits to meet a task on the runtime.
                if n == 0 {
                    work.wait_for_neighbour();
                }
                true
            }
        })
        .await;

        let off_rayon = off_rayon.load(Ordering::Relaxed);
        EXERCISE.check(
            off_rayon == 0,
            format_args!(
                "{off_rayon} of the 8 calls of `keep` ran outside rayon's pool: on the \
                 runtime's thread or on tokio's blocking pool. Start the count with \
                 `rayon::spawn` and count with `into_par_iter()`."
            ),
        );
        let Some(Seen { met, .. }) = work.seen() else {
            EXERCISE.fail("count_where never called `keep` for 0.")
        };
        EXERCISE.check(
            met,
            "The count ran on rayon, but the runtime's thread waited for it: another \
             task could not run in the meantime. A parallel iterator (or `install`) \
             called right in the async fn blocks its caller until the count is done. \
             Let `rayon::spawn` start the job, and `.await` a oneshot receiver.",
        );
        EXERCISE.check_eq(count, 8, "`keep` kept all 8 numbers.");
    });
}
