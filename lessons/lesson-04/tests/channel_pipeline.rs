//! Checks for the `channel_pipeline` exercise: `exercises/lesson-04/channel_pipeline.rs`.

use kit::exercise::Exercise;
use kit::server::SlowServer;
use kit::sites::{Site, expected_counts, many_sites};
use lesson_04::{Counts, Error, channel_pipeline};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new(
    "channel_pipeline",
    "exercises/lesson-04/channel_pipeline.rs",
);

const WORKERS: usize = 2;

/// A correct pipeline over these few local sites ends in well under a second; one
/// that still runs after this long is waiting for a channel that never closes.
const PATIENCE: Duration = Duration::from_secs(6);

/// Runs the pipeline, and fails with an explanation if it never ends.
fn pipeline(urls: Vec<String>, fetchers: usize) -> Result<Counts, Error> {
    lesson_04::configure(WORKERS);
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let run = || channel_pipeline::count_statuses(&urls, fetchers);
        let _ = done.send(panic::catch_unwind(AssertUnwindSafe(run)));
    });
    match outcome.recv_timeout(PATIENCE) {
        Ok(Ok(counts)) => counts,
        // Report a panic (a `todo!()` included) as the learner's code panicking.
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(mpsc::RecvTimeoutError::Timeout) => EXERCISE.fail(format_args!(
            "count_statuses had not returned after {PATIENCE:?}.\n  \
             A loop `for item in receiver` ends only when every Sender of that channel \
             has been dropped. Is one still alive: the one you created next to the \
             receiver, or a clone moved into a coroutine that is itself waiting?"
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            unreachable!("the pipeline's thread catches every panic and always reports back")
        }
    }
}

#[test]
fn the_fetchers_work_at_the_same_time() {
    EXERCISE.run(|| {
        const FETCHERS: usize = 4;
        let server = SlowServer::start();
        // Rendezvous sites in groups of 4: they are answered only if all 4 fetchers
        // have a request in flight together.
        let sites: Vec<Site> = many_sites(20, 5)
            .into_iter()
            .map(|site| Site::rendezvous(FETCHERS, site.status))
            .collect();
        let counts = pipeline(server.urls(&sites), FETCHERS);
        let stats = server.stats();
        EXERCISE.check_eq(
            stats.peak_in_flight,
            FETCHERS,
            format_args!(
                "with {FETCHERS} fetchers, the server should see exactly {FETCHERS} requests \
                 in flight at once: each fetcher has one request at a time, and all of them \
                 work together.\n  \
                 More means more fetchers than asked for (or a coroutine per URL); fewer \
                 means the fetchers wait for each other, or block their worker thread."
            ),
        );
        EXERCISE.check_eq(
            counts.ok(),
            Some(expected_counts(&sites)),
            "every status that comes out of the second channel should be counted once.",
        );
    });
}

#[test]
fn one_fetcher_is_one_at_a_time() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let sites = many_sites(6, 6)
            .into_iter()
            .map(|site| Site::delayed(100, site.status))
            .collect::<Vec<_>>();
        let counts = pipeline(server.urls(&sites), 1);
        EXERCISE.check_eq(
            server.stats().peak_in_flight,
            1,
            "with 1 fetcher, the server should never see more than 1 request at a time.",
        );
        EXERCISE.check_eq(
            counts.ok(),
            Some(expected_counts(&sites)),
            "6 sites through one fetcher: all 6 statuses counted.",
        );
    });
}

#[test]
fn no_urls_no_counts() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            pipeline(Vec::new(), 3).ok(),
            Some(Counts::new()),
            "an empty list has nothing to count; the pipeline should still end.",
        );
    });
}

#[test]
fn a_site_that_does_not_answer_is_an_error() {
    EXERCISE.run(|| {
        let server = SlowServer::start();
        let mut urls = server.urls(&[Site::delayed(0, 200); 3]);
        urls.push(SlowServer::start().url(&Site::delayed(0, 200)));
        EXERCISE.check(
            pipeline(urls, 2).is_err(),
            "one of the 4 sites cannot be reached: the pipeline should send that error \
             through the second channel and count_statuses should return it.",
        );
    });
}
