//! Checks for the `greenlet_pool` exercise: `exercises/lesson-04/greenlet_pool.rs`.
//!
//! Most sites are rendezvous sites: the server answers them only once N requests for
//! the same N are waiting together. With a limit of N, they meet in groups of exactly
//! N, so a correct pool reaches a peak of exactly N requests in flight, never more
//! (the limit) and never less (a group that cannot meet is answered 504).

use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use kit::sites::{Site, expected_counts, many_sites};
use lesson_04::greenlet_pool::count_statuses;
use lesson_04::{Counts, Error};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("greenlet_pool", "exercises/lesson-04/greenlet_pool.rs");

/// Two workers, so that a mistake that blocks a worker thread cannot hide behind the
/// fact that there is only one.
const WORKERS: usize = 2;

/// How long the small pools' rendezvous wait for each other. A correct pool of 3
/// gathers 3 requests in milliseconds; a pool that sends one request at a time, or
/// blocks its workers, fails after this long instead of the server's default 5 s.
const SMALL_PATIENCE: Duration = Duration::from_secs(2);

/// How long a pool over a handful of local sites may take before the test says it
/// is stuck. A correct one takes well under a second.
const PATIENCE: Duration = Duration::from_secs(4);

/// The tests of this file share may's two workers. One pool at a time, so that each
/// server sees only its own test's requests: two tests whose coroutines blocked one
/// worker each would look like two pools of one request at a time.
fn one_pool_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    // A test that failed while holding the turn has still finished with the workers.
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `count` rendezvous sites that meet in groups of `together`, with the statuses of
/// a seeded list (mostly 200, some 404, 500 and 503).
fn meeting_sites(count: usize, together: usize) -> Vec<Site> {
    many_sites(count, 4)
        .into_iter()
        .map(|site| Site::rendezvous(together, site.status))
        .collect()
}

/// The talk's 500 requests for a pool of 100. The first 100 sites take a second to
/// answer: a pool without a limit sends the next ones while those are still in
/// flight, more than 100 at once. The other 400 are rendezvous sites that meet in
/// groups of 100, which only 100 requests in flight together can do.
fn talk_sized_sites() -> Vec<Site> {
    many_sites(500, 4)
        .into_iter()
        .enumerate()
        .map(|(i, site)| match i {
            0..100 => Site::delayed(1000, site.status),
            _ => Site::rendezvous(100, site.status),
        })
        .collect()
}

/// Runs `count_statuses` on its own thread, and fails with an explanation if it has
/// not returned after [`PATIENCE`].
fn count_within_patience(
    urls: Vec<String>,
    limit: usize,
    stuck: impl FnOnce() -> String,
) -> Result<Counts, Error> {
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let run = || count_statuses(&urls, limit);
        let _ = done.send(panic::catch_unwind(AssertUnwindSafe(run)));
    });
    match outcome.recv_timeout(PATIENCE) {
        Ok(Ok(counts)) => counts,
        // Report a panic (a `todo!()` included) as the learner's code panicking.
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(mpsc::RecvTimeoutError::Timeout) => EXERCISE.fail(format_args!(
            "count_statuses had not returned after {PATIENCE:?}. {}",
            stuck()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            unreachable!("the counting thread catches every panic and always reports back")
        }
    }
}

fn check_pool(server: &SlowServer, sites: &[Site], limit: usize) {
    lesson_04::configure(WORKERS);
    let counts = count_statuses(&server.urls(sites), limit);
    let stats = server.stats();
    let (peak, requests) = (stats.peak_in_flight, sites.len());
    EXERCISE.check(
        peak <= limit,
        format_args!(
            "with a limit of {limit}, the server had {peak} requests in flight at once.\n  \
             The pool must hold a permit for the whole request: take it before the \
             request starts, give it back only after the answer is in. And the pool is \
             one Semphore, shared by every coroutine through an Arc: a Semphore made \
             inside each coroutine limits nothing.\n{}",
            EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
        ),
    );
    let why = if peak == 1 {
        "Only one request at a time: the coroutines ran one after another. Joining each \
         coroutine right after spawning it waits for its request to end before the next \
         one starts. Spawn them all (the pool does the waiting), keep the handles, and \
         join them afterwards."
            .to_string()
    } else if peak <= WORKERS {
        format!(
            "{peak} requests at a time, as many as may has worker threads ({WORKERS}): a \
             call that blocks its worker thread (std's sockets, a plain ureq agent, \
             std::thread::sleep) holds it until the answer comes, so only {WORKERS} \
             coroutines can wait at once. Fetch with lesson_04's `agent()`: its sockets \
             are may's, and a request parks only its own coroutine."
        )
    } else {
        "Are the coroutines waiting for each other, or for a blocking call?".to_string()
    };
    EXERCISE.check(
        peak == limit,
        format_args!(
            "with a limit of {limit}, the most requests the server ever had in flight at \
             once was {peak}; it should be exactly {limit} (and {requests} requests in \
             all: it saw {}).\n  {why}\n{}",
            stats.requests,
            EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
        ),
    );
    EXERCISE.check_eq(
        counts.ok(),
        Some(expected_counts(sites)),
        format_args!(
            "every site answers once {limit} requests are waiting together, so all \
             {requests} statuses should be counted (a 504 means a group never met)."
        ),
    );
}

#[test]
fn a_pool_of_100_over_500_requests() {
    let _turn = one_pool_at_a_time();
    EXERCISE.run(|| {
        // A small pool first: a client that blocks its worker threads fails it within
        // seconds, with a message that says so, instead of dragging through 500.
        check_pool(
            &SlowServer::with_patience(SMALL_PATIENCE),
            &meeting_sites(6, 3),
            3,
        );
        check_pool(&SlowServer::start(), &talk_sized_sites(), 100);
    });
}

#[test]
fn a_pool_of_3_over_12_requests() {
    let _turn = one_pool_at_a_time();
    EXERCISE.run(|| {
        check_pool(
            &SlowServer::with_patience(SMALL_PATIENCE),
            &meeting_sites(12, 3),
            3,
        );
    });
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    let _turn = one_pool_at_a_time();
    EXERCISE.run(|| {
        const LIMIT: usize = 2;
        const DEAD: usize = 4;
        lesson_04::configure(WORKERS);
        let server = SlowServer::start();
        // Several failures first, more than the pool has permits: a pool that loses a
        // permit with each failure has none left for the sites after them. These sites
        // hang up without answering, an error for the client, as a crashed server is.
        let mut urls = vec![server.hang_up_url(); DEAD];
        urls.extend(server.urls(&[Site::delayed(0, 200); 3]));
        let counted = count_within_patience(urls, LIMIT, || {
            format!(
                "The first {DEAD} of the 7 sites hang up without answering, and the pool \
                 has {LIMIT} permits. Probably a permit that is not given back on the \
                 error path: a coroutine that returns early (`?`) before `post()` keeps \
                 its permit for ever, and once every permit is lost the pool waits for \
                 ever. Give the permit back whether the request succeeded or failed.\n{}\n  \
                 Expected: 7 requests, the {DEAD} that fail and then the 3 that answer.",
                EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
            )
        });
        EXERCISE.check(
            counted.is_err(),
            "the first 4 of the 7 sites hang up without answering: count_statuses should \
             return that error (each coroutine returns its Result; `?` it after joining), \
             not panic and not leave the site out.",
        );
    });
}
