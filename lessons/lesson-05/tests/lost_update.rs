//! Checks for the `lost_update` exercise: `exercises/lesson-05/lost_update.rs`.
//!
//! Every check runs on one thread with tokio's clock paused: each read or write of
//! the counter takes 5 ms on that clock, so which task runs when is exact.
//!
//! Your file is compiled here a second time, next to a `store` module of the test's
//! own (`tests/watched/store.rs`): the same slow counter, which also records which
//! task read and wrote when, so that a failure can draw the reads and writes.

// An untouched exercise is mostly `todo!()`, and calls none of it.
#[cfg_attr(not(feature = "solution"), allow(dead_code))]
#[path = "watched/store.rs"]
mod store;

// The exercise file itself, compiled against the `store` module above.
#[allow(dead_code)]
// As in the lesson crate: an untouched exercise is mostly `todo!()`, so its unused
// names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/lost_update.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/lost_update.rs")]
mod lost_update;

/// What `crate::Error` names in the exercise file.
use lesson_05::Error;

use kit::exercise::Exercise;
use lost_update::count_visits;
use std::sync::Arc;
use std::time::Duration;
use store::{ROUND_TRIP, SlowCounter};
use tokio::runtime::Handle;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("lost_update", "exercises/lesson-05/lost_update.rs");

/// How a failure introduces the run it draws.
const AS_THE_COUNTER_SAW_IT: &str = "as the counter saw it (a row per task: [=== its read, \
     then [=== its write, each a round trip; xxx a write over another task's write that it \
     never read: that task's visit is lost)";

/// Counts visits to `pages`; returns the count when `count_visits` returned, how long
/// it took, and the counter, whose reads and writes a failure draws.
async fn visit(pages: &[Duration]) -> (u64, Duration, Arc<SlowCounter>) {
    let counter = Arc::new(SlowCounter::default());
    let start = Instant::now();
    if let Err(error) = count_visits(Arc::clone(&counter), pages).await {
        EXERCISE.fail(format_args!("count_visits returned an error: {error}"));
    }
    (counter.peek(), start.elapsed(), counter)
}

fn explain_count(got: u64, expected: usize, counter: &SlowCounter) {
    if got == 0 && expected > 0 {
        EXERCISE.fail(format_args!(
            "{expected} visits, but the counter says 0 when count_visits returns.\n  \
             Nothing was counted yet: wait for every task before you return."
        ));
    }
    EXERCISE.check(
        got == expected as u64,
        format_args!(
            "{expected} visits, but the counter says {got} when count_visits returns.\n  \
             Visits were lost: tasks read the same value before any of them wrote. \
             Between the read's .await and the write's .await other tasks run; hold one \
             async lock, shared by every task, across both (a lock made inside each \
             task guards nothing, and a value read before the lock is taken may be \
             stale by then).\n{}",
            EXERCISE.run_of(AS_THE_COUNTER_SAW_IT, counter.spans())
        ),
    );
}

#[test]
fn no_visit_is_lost() {
    EXERCISE.run_paused(|| async {
        let pages = [Duration::from_millis(100); 20];
        let (count, _, counter) = visit(&pages).await;
        explain_count(count, pages.len(), &counter);
    });
}

#[test]
fn pages_load_together() {
    EXERCISE.run_paused(|| async {
        let load = Duration::from_millis(100);
        let pages = [load; 20];
        // Halfway through the loads, how many tasks are alive on this runtime?
        let ((count, took, counter), alive) = tokio::join!(visit(&pages), async {
            tokio::time::sleep(load / 2).await;
            Handle::current().metrics().num_alive_tasks()
        });
        explain_count(count, pages.len(), &counter);
        // All pages load at once (100 ms); then the 20 counts, one read and one write
        // each, take their turns.
        let best = load + 20 * 2 * ROUND_TRIP;
        EXERCISE.check(
            took >= best,
            format_args!(
                "20 pages of 100 ms took {took:?} on tokio's clock, less than the \
                 {best:?} that loading them (100 ms) and then counting the visits one \
                 at a time must take: the loads did not wait on tokio's clock. \
                 std::thread::sleep is a blocking call: it stops the thread, and with \
                 it every task of the runtime (here one thread runs them all), so the \
                 pages load one after another. Wait with \
                 `tokio::time::sleep(load).await`, which lets the other tasks run \
                 meanwhile."
            ),
        );
        if took > best && alive < pages.len() {
            EXERCISE.fail(format_args!(
                "20 pages of 100 ms took {took:?}, and 50 ms into the loads only {alive} \
                 task(s) were alive: the visits ran one after another. Spawn every task \
                 first, then wait for them all (a `join_next` loop after the spawning \
                 loop, like asyncio.gather); a task awaited right after it is spawned \
                 runs alone, as if there were no tasks at all."
            ));
        }
        EXERCISE.check(
            took <= best,
            format_args!(
                "20 pages of 100 ms took {took:?}; loading them together and then \
                 counting one at a time takes {best:?}. Load every page in a task of \
                 its own, and lock only around the read and the write: a lock taken \
                 before the load makes the pages load one after another."
            ),
        );
    });
}

#[test]
fn pages_of_every_size() {
    EXERCISE.run_paused(|| async {
        let pages: Vec<Duration> = (0..30)
            .map(|i| Duration::from_millis(10 + (i * 37) % 90))
            .collect();
        let (count, _, counter) = visit(&pages).await;
        explain_count(count, pages.len(), &counter);
    });
}

#[test]
fn no_pages_no_visits() {
    EXERCISE.run_paused(|| async {
        let (count, _, _) = visit(&[]).await;
        EXERCISE.check_eq(count, 0, "No pages, no visits.");
    });
}
