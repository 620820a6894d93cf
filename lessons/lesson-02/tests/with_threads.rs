//! Checks for the `with_threads` exercise: `exercises/lesson-02/with_threads.rs`.
//!
//! The checks are the ones every Healthcheck Counter shares (`kit::counter_checks`),
//! with the advice that fits a thread per URL.

use kit::counter_checks;
use kit::exercise::Exercise;
use lesson_02::with_threads::count_statuses;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("with_threads", "exercises/lesson-02/with_threads.rs");

#[test]
fn all_requests_are_in_flight_together() {
    counter_checks::all_in_flight_together(
        EXERCISE,
        12,
        Duration::from_secs(5),
        |urls| count_statuses(&urls),
        "One thread per URL means all of them. Start every thread before you join any: \
         joining a thread right after spawning it waits for its request before the next \
         one is sent.",
    );
}

#[test]
fn counts_match_the_list() {
    counter_checks::counts_match_the_list(
        EXERCISE,
        20,
        2,
        |urls| count_statuses(&urls),
        "every thread must add its status to the shared map, and count_statuses must \
         return only after all of them have.",
    );
}

#[test]
fn no_urls_no_counts() {
    counter_checks::no_urls_no_counts(EXERCISE, |urls| count_statuses(&urls));
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    counter_checks::unreachable_site_is_an_error(
        EXERCISE,
        |urls| count_statuses(&urls),
        "once the threads are done: collect each thread's Result",
    );
}
