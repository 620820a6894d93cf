//! Checks for the `shared_map` exercise: `exercises/lesson-03/shared_map.rs`.

use kit::exercise::Exercise;
use kit::server::SlowServer;
use kit::sites::{Site, many_sites};
use lesson_03::Counts;
use lesson_03::shared_map::count_statuses;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("shared_map", "exercises/lesson-03/shared_map.rs");

/// What a list of sites should count to.
fn expected(sites: &[Site]) -> Counts {
    let mut counts = Counts::new();
    for site in sites {
        *counts.entry(site.status).or_insert(0) += 1;
    }
    counts
}

#[test]
fn all_requests_are_in_flight_together() {
    EXERCISE.run(|| {
        // These sites answer only once all 4 requests wait at the server together; a
        // request that waits 2 s without the others gives up with a 504. So a program
        // that fetches one at a time fails in about 8 s, inside the test's limit.
        const TOGETHER: usize = 4;
        let server = SlowServer::with_patience(Duration::from_secs(2));
        let sites = [
            Site::rendezvous(TOGETHER, 200),
            Site::rendezvous(TOGETHER, 200),
            Site::rendezvous(TOGETHER, 404),
            Site::rendezvous(TOGETHER, 200),
        ];
        let counts = count_statuses(&server.urls(&sites));
        let peak = server.stats().peak_in_flight;
        EXERCISE.check(
            peak == TOGETHER,
            format_args!(
                "the server saw at most {peak} of the {TOGETHER} requests in flight at once; \
                 one thread per URL means all {TOGETHER}.\n  Fetch with NO lock held, and lock only to update the map: a thread that holds \
                 the lock while it waits for its site makes every other thread wait too, \
                 like a GIL that is never released."
            ),
        );
        EXERCISE.check_eq(
            counts.ok(),
            Some(expected(&sites)),
            "All 4 requests met at the server: the counts should be three 200s and one 404.",
        );
    });
}

#[test]
fn counts_match_the_list() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let sites = many_sites(24, 3);
        let counts = count_statuses(&server.urls(&sites)).ok();
        EXERCISE.check_eq(
            counts,
            Some(expected(&sites)),
            "24 sites with mixed statuses: every thread's status must be counted, and \
             count_statuses must return only after every thread has finished.",
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
             error (pass on what the thread returned), not panic and not leave the site out.",
        );
    });
}
