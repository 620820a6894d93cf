//! Checks for the `merged_map` exercise: `exercises/lesson-03/merged_map.rs`.
//!
//! The checks are the ones every Healthcheck Counter shares (`kit::counter_checks`),
//! with the advice that fits threads that each return their own status.

use kit::counter_checks;
use kit::exercise::Exercise;
use lesson_03::merged_map::count_statuses;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("merged_map", "exercises/lesson-03/merged_map.rs");

#[test]
fn all_requests_are_in_flight_together() {
    // A request left alone for 2 s gives up, so one-at-a-time fails in seconds.
    counter_checks::all_in_flight_together(
        EXERCISE,
        4,
        Duration::from_secs(2),
        |urls| count_statuses(&urls),
        "One thread per URL means all of them. Start every thread before you join any.",
    );
}

#[test]
fn counts_match_the_list() {
    counter_checks::counts_match_the_list(
        EXERCISE,
        24,
        3,
        |urls| count_statuses(&urls),
        "every thread's status must be counted, and count_statuses must return only \
         after every thread has finished.",
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
        "pass on what the thread returned",
    );
}
