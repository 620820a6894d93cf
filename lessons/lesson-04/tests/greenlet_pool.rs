//! Checks for the `greenlet_pool` exercise: `exercises/lesson-04/greenlet_pool.rs`.
//!
//! Most sites are rendezvous sites: the server answers them only once N requests for
//! the same N are waiting together. With a limit of N, they meet in groups of exactly
//! N, so a correct pool reaches a peak of exactly N requests in flight, never more
//! (the limit) and never less (a group that cannot meet is answered 504).

use kit::exercise::Exercise;
use kit::server::SlowServer;
use kit::sites::{Site, expected_counts, many_sites};
use lesson_04::greenlet_pool::count_statuses;

const EXERCISE: Exercise = Exercise::new("greenlet_pool", "exercises/lesson-04/greenlet_pool.rs");

/// Two workers, so that a mistake that blocks a worker thread cannot hide behind the
/// fact that there is only one.
const WORKERS: usize = 2;

/// `count` rendezvous sites that meet in groups of `together`, with the statuses of
/// a seeded list (mostly 200, some 404, 500 and 503).
fn meeting_sites(count: usize, together: usize) -> Vec<Site> {
    many_sites(count, 4)
        .into_iter()
        .map(|site| Site::rendezvous(together, site.status))
        .collect()
}

/// The talk's 500 requests for a pool of 100: 400 rendezvous sites that meet in
/// groups of 100, and, every fifth site, one that takes 250 ms. A pool without a
/// limit sends all 500 at once, and the slow ones are still in flight when the
/// first group meets: more than 100 at once.
fn talk_sized_sites() -> Vec<Site> {
    many_sites(500, 4)
        .into_iter()
        .enumerate()
        .map(|(i, site)| match i % 5 {
            4 => Site::delayed(250, site.status),
            _ => Site::rendezvous(100, site.status),
        })
        .collect()
}

fn check_pool(sites: &[Site], limit: usize) {
    lesson_04::configure(WORKERS);
    let server = SlowServer::start();
    let counts = count_statuses(&server.urls(sites), limit);
    let stats = server.stats();
    let requests = sites.len();
    EXERCISE.check(
        stats.peak_in_flight <= limit,
        format_args!(
            "with a limit of {limit}, the server had {} requests in flight at once.\n  \
             The pool must hold a permit for the whole request: take it before the \
             request starts, give it back only after the answer is in.",
            stats.peak_in_flight
        ),
    );
    EXERCISE.check(
        stats.peak_in_flight == limit,
        format_args!(
            "with a limit of {limit}, the most requests the server ever had in flight at \
             once was {}; it should be exactly {limit} (and {requests} requests in all: it \
             saw {}).\n  \
             Are the coroutines waiting for each other? A blocking call (std's sockets, \
             std::thread::sleep, a plain ureq agent) holds a whole worker thread, and \
             joining each coroutine right after spawning it runs them one at a time.",
            stats.peak_in_flight, stats.requests
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
    EXERCISE.run(|| {
        // A small pool first: a client that blocks its worker threads fails it within
        // seconds, with a message that says so, instead of dragging through 500.
        check_pool(&meeting_sites(6, 3), 3);
        check_pool(&talk_sized_sites(), 100);
    });
}

#[test]
fn a_pool_of_3_over_12_requests() {
    EXERCISE.run(|| check_pool(&meeting_sites(12, 3), 3));
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    EXERCISE.run(|| {
        lesson_04::configure(WORKERS);
        let server = SlowServer::start();
        let mut urls = server.urls(&[Site::delayed(0, 200); 3]);
        // A server that has stopped: its port refuses connections.
        urls.push(SlowServer::start().url(&Site::delayed(0, 200)));
        EXERCISE.check(
            count_statuses(&urls, 2).is_err(),
            "one of the 4 sites cannot be reached: count_statuses should return that \
             error (each coroutine returns its Result; `?` it after joining), not panic \
             and not leave the site out.",
        );
    });
}
