//! Checks for the `with_tasks` exercise: `exercises/lesson-02/with_tasks.rs`.
//!
//! Every check runs your code on a tokio runtime with a single thread: all the
//! overlapping comes from tasks, none from threads. The checks are the ones every
//! Healthcheck Counter shares (`kit::counter_checks`), with the advice that fits tasks.

use kit::counter_checks;
use kit::exercise::Exercise;
use lesson_02::with_tasks::count_statuses;
use lesson_02::{Counts, Error};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("with_tasks", "exercises/lesson-02/with_tasks.rs");

fn on_one_thread(urls: Vec<String>) -> Result<Counts, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(async move { count_statuses(&urls).await })
}

#[test]
fn all_requests_are_in_flight_together() {
    counter_checks::all_in_flight_together(
        EXERCISE,
        12,
        Duration::from_secs(5),
        on_one_thread,
        "One task per URL means all of them. Spawn every task before you wait for any: \
         `.await`ing each fetch in a loop sends the next request only after the last answer.",
    );
}

#[test]
fn counts_match_the_list() {
    counter_checks::counts_match_the_list(
        EXERCISE,
        20,
        3,
        on_one_thread,
        "collect every task's status before returning.",
    );
}

#[test]
fn no_urls_no_counts() {
    counter_checks::no_urls_no_counts(EXERCISE, on_one_thread);
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    counter_checks::unreachable_site_is_an_error(
        EXERCISE,
        on_one_thread,
        "`?` on each task's result",
    );
}
