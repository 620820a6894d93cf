//! Checks for the `shared_map` exercise: `exercises/lesson-03/shared_map.rs`.
//!
//! The checks are the ones every Healthcheck Counter shares (`kit::counter_checks`),
//! with the advice that fits a map behind a lock. They run your file compiled a
//! second time, here, against a watched `Mutex` (`kit::counter_checks::watch`): it
//! lets another thread in between any two `lock()` calls of one thread, so an update
//! read under one lock and written under another is lost on every run; and it knows
//! when a thread fetches while it holds the lock.

use kit::counter_checks::{self, watch};
use kit::exercise::Exercise;
use lesson_03::{Counts, Error};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("shared_map", "exercises/lesson-03/shared_map.rs");

/// What `crate::sync` names in the exercise file when this test compiles it.
#[allow(unused_imports)]
mod sync {
    pub use kit::counter_checks::watch::Mutex;
    pub use std::sync::atomic;
}

/// What `crate::fetch` names in the exercise file when this test compiles it: the
/// lesson's client, with a `status` that tells the watch when it runs.
#[allow(dead_code, unused_imports)]
mod fetch {
    pub use lesson_03::fetch::agent;

    pub fn status(agent: &ureq::Agent, url: &str) -> Result<u16, lesson_03::Error> {
        super::watch::blocking_fetch(|| lesson_03::fetch::status(agent, url))
    }
}

// An untouched exercise is mostly `todo!()`, so its unused names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[allow(dead_code)]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/shared_map.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/shared_map.rs")]
mod shared_map;

fn count_statuses(urls: Vec<String>) -> Result<Counts, Error> {
    shared_map::count_statuses(&urls)
}

/// Why requests go one at a time, when no lock was held across a fetch.
const ONE_AT_A_TIME: &str = "One thread per URL means all of them. Start every thread \
    before you join any: joining a thread right after spawning it waits for its request \
    before the next one is sent.";

#[test]
fn all_requests_are_in_flight_together() {
    // A request left alone for 2 s gives up, so one-at-a-time fails in seconds.
    counter_checks::all_in_flight_together(
        EXERCISE,
        4,
        Duration::from_secs(2),
        count_statuses,
        ONE_AT_A_TIME,
    );
}

#[test]
fn no_update_is_lost() {
    counter_checks::no_update_is_lost(EXERCISE, 8, count_statuses, ONE_AT_A_TIME);
}

#[test]
fn counts_match_the_list() {
    counter_checks::counts_match_the_list(
        EXERCISE,
        24,
        3,
        count_statuses,
        "every thread's status must be counted, and count_statuses must return only \
         after every thread has finished.",
    );
}

#[test]
fn no_urls_no_counts() {
    counter_checks::no_urls_no_counts(EXERCISE, count_statuses);
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    counter_checks::unreachable_site_is_an_error(
        EXERCISE,
        count_statuses,
        "pass on what the thread returned",
    );
}
