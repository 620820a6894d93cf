//! Checks for the `sequential` exercise: `exercises/lesson-02/sequential.rs`.

use kit::counter_checks;
use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use kit::sites::{Site, Wait};
use lesson_02::Counts;
use lesson_02::sequential::count_statuses;

const EXERCISE: Exercise = Exercise::new("sequential", "exercises/lesson-02/sequential.rs");

#[test]
fn counts_every_status() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let mut sites = vec![Site::delayed(10, 200); 4];
        sites.extend([
            Site::delayed(10, 404),
            Site {
                wait: Wait::None,
                status: 500,
            },
            Site::delayed(5, 503),
            Site::delayed(5, 200),
        ]);
        counter_checks::check_counts(
            EXERCISE,
            count_statuses(&server.urls(&sites)),
            &Counts::from([(200, 5), (404, 1), (500, 1), (503, 1)]),
            "8 sites: five answer 200, one each 404, 500 and 503. Every status counts.",
        );
        EXERCISE.check_eq(
            server.stats().requests,
            sites.len(),
            "The server should see exactly one request per URL.",
        );
    });
}

#[test]
fn one_request_at_a_time() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let urls = server.urls(&[Site::delayed(20, 200); 5]);
        let counts = count_statuses(&urls).ok();
        EXERCISE.check_eq(
            counts,
            Some(Counts::from([(200, 5)])),
            "5 sites answer 200.",
        );
        EXERCISE.check_eq(
            server.stats().peak_in_flight,
            1,
            format_args!(
                "The sequential version sends the next request only when the last one \
                 has been answered, so the server never has more than one in flight.\n{}",
                EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
            ),
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
        // A server that has stopped: its port refuses connections.
        let url = SlowServer::start().url(&Site::delayed(0, 200));
        EXERCISE.check(
            count_statuses(&[url]).is_err(),
            "A site that cannot be reached has no status. count_statuses should return \
             the error (the `?` operator does that), not count it and not panic.",
        );
    });
}
