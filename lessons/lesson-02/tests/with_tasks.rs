//! Checks for the `with_tasks` exercise: `exercises/lesson-02/with_tasks.rs`.
//!
//! Every check runs your code on a tokio runtime with a single thread, so all the
//! overlapping comes from tasks, none from threads; and its pool for blocking work
//! (`spawn_blocking`) has one thread too, so blocking calls moved there still go one
//! at a time. The checks are the ones every Healthcheck Counter shares
//! (`kit::counter_checks`), with the advice that fits tasks. They run your file
//! compiled a second time, here, against a `crate::fetch` whose blocking `status`
//! refuses to fetch and says so: async code has no use for it.

use kit::counter_checks::{self, watch};
use kit::exercise::Exercise;
use lesson_02::{Counts, Error};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("with_tasks", "exercises/lesson-02/with_tasks.rs");

/// What `crate::fetch` names in the exercise file when this test compiles it: the
/// lesson's async client as it is, and a blocking `status` that only reports its use.
#[allow(dead_code, unused_imports)]
mod fetch {
    pub use lesson_02::fetch::{AsyncClient, agent, async_client, status_async};

    pub fn status(_agent: &ureq::Agent, url: &str) -> Result<u16, lesson_02::Error> {
        super::watch::blocking_fetch(|| {
            Err(format!(
                "with_tasks called the blocking `status` for {url}: in async code, fetch \
                 with `status_async(&client, url).await`"
            )
            .into())
        })
    }
}

// An untouched exercise is mostly `todo!()`, so its unused names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[allow(dead_code)]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/with_tasks.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/with_tasks.rs")]
mod with_tasks;

/// Runs `count_statuses` on a runtime with one thread, whose blocking pool has one
/// thread too.
fn on_one_thread(urls: Vec<String>) -> Result<Counts, Error> {
    let before = watch::seen().blocking_fetches;
    let counts = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(1)
        .build()
        .expect("a tokio runtime")
        .block_on(async move { with_tasks::count_statuses(&urls).await });
    EXERCISE.check(
        watch::seen().blocking_fetches == before,
        "count_statuses called the blocking client's `status`. A blocking call holds a \
         whole thread until its answer comes: on the runtime's only thread it stops every \
         task, and moved into `spawn_blocking` (Python's run_in_executor) it needs one \
         thread per request, which is the threads version again. Fetch with the async \
         client: `status_async(&client, &url).await`, inside a spawned task.",
    );
    counts
}

#[test]
fn all_requests_are_in_flight_together() {
    counter_checks::all_in_flight_together(
        EXERCISE,
        12,
        Duration::from_secs(5),
        on_one_thread,
        "One task per URL means all of them. Spawn every task before you wait for any: \
         `.await`ing each fetch in a loop, or each task right after spawning it, sends \
         the next request only after the last answer. (Blocking calls do not get around \
         it: this runtime gives `spawn_blocking` a single thread.)",
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
