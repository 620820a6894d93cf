//! Checks for the `with_threads` exercise: `exercises/lesson-02/with_threads.rs`.

use kit::exercise::Exercise;
use kit::server::SlowServer;
use kit::sites::{Site, expected_counts, many_sites};
use lesson_02::Counts;
use lesson_02::with_threads::count_statuses;

const EXERCISE: Exercise = Exercise::new("with_threads", "exercises/lesson-02/with_threads.rs");

#[test]
fn all_requests_are_in_flight_together() {
    EXERCISE.run(|| {
        // Every one of these sites answers only once all 12 requests are waiting at
        // the server at the same time; a request alone gives up and gets 504.
        const TOGETHER: usize = 12;
        let server = SlowServer::start();
        let mut sites = vec![Site::rendezvous(TOGETHER, 200); TOGETHER - 2];
        sites.extend([
            Site::rendezvous(TOGETHER, 404),
            Site::rendezvous(TOGETHER, 503),
        ]);
        let counts = count_statuses(&server.urls(&sites));
        let peak = server.stats().peak_in_flight;
        EXERCISE.check(
            peak == TOGETHER,
            format_args!(
                "the server saw at most {peak} of the {TOGETHER} requests in flight at once; \
                 one thread per URL means all {TOGETHER}.\n  \
                 Start every thread before you join any: joining a thread right after \
                 spawning it waits for its request before the next one is sent."
            ),
        );
        EXERCISE.check_eq(
            counts.ok(),
            Some(expected_counts(&sites)),
            "All 12 requests met at the server; the counts should be ten 200s, one 404 and one 503.",
        );
    });
}

#[test]
fn counts_match_the_list() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let sites = many_sites(20, 2);
        let counts = count_statuses(&server.urls(&sites)).ok();
        EXERCISE.check_eq(
            counts,
            Some(expected_counts(&sites)),
            "20 sites with mixed statuses: every thread must add its status to the shared \
             map, and count_statuses must return only after all of them have.",
        );
        EXERCISE.check_eq(
            server.stats().requests,
            sites.len(),
            "The server should see exactly one request per URL.",
        );
    });
}

#[test]
fn no_urls_no_counts() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            count_statuses(&[]).ok(),
            Some(Counts::new()),
            "An empty list has no statuses to count.",
        );
    });
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let mut urls = server.urls(&[Site::delayed(0, 200); 3]);
        // A server that has stopped: its port refuses connections.
        urls.push(SlowServer::start().url(&Site::delayed(0, 200)));
        EXERCISE.check(
            count_statuses(&urls).is_err(),
            "One of the 4 sites cannot be reached. count_statuses should return that \
             error once the threads are done (collect each thread's Result), not panic \
             and not leave the site out.",
        );
    });
}
