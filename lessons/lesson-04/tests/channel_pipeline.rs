//! Checks for the `channel_pipeline` exercise: `exercises/lesson-04/channel_pipeline.rs`.

use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use kit::sites::{Site, expected_counts, many_sites};
use lesson_04::{Counts, Error, channel_pipeline};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new(
    "channel_pipeline",
    "exercises/lesson-04/channel_pipeline.rs",
);

const WORKERS: usize = 2;

/// How long a pipeline may go on after the server has answered every one of its
/// requests: reading the last answers and counting them takes milliseconds, even on
/// a loaded machine. Longer, and the counting loop is waiting for a channel that
/// never closes.
const GRACE: Duration = Duration::from_secs(2);

/// The longest any of these pipelines may take: a correct one over these few local
/// sites ends in about a second.
const PATIENCE: Duration = Duration::from_secs(5);

/// Runs the pipeline over `urls`, of which `at_server` go to `server`, and fails
/// with an explanation if it never ends.
fn pipeline(
    urls: Vec<String>,
    fetchers: usize,
    server: Option<(&SlowServer, usize)>,
) -> Result<Counts, Error> {
    lesson_04::configure(WORKERS);
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let run = || channel_pipeline::count_statuses(&urls, fetchers);
        let _ = done.send(panic::catch_unwind(AssertUnwindSafe(run)));
    });
    // Every request this pipeline makes has been answered.
    let all_answered = || {
        server.is_none_or(|(server, requests)| {
            let stats = server.stats();
            stats.requests >= requests && stats.in_flight == 0
        })
    };
    let started = Instant::now();
    let mut answered_since = None;
    loop {
        match outcome.recv_timeout(Duration::from_millis(50)) {
            Ok(Ok(counts)) => return counts,
            // Report a panic (a `todo!()` included) as the learner's code panicking.
            Ok(Err(payload)) => panic::resume_unwind(payload),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                unreachable!("the pipeline's thread catches every panic and always reports back")
            }
        }
        if !all_answered() {
            answered_since = None;
        } else if answered_since.get_or_insert_with(Instant::now).elapsed() >= GRACE {
            EXERCISE.fail(format_args!(
                "every site had been answered, and count_statuses had still not returned \
                 {GRACE:?} later: the counting loop waits for a channel that never closes.\n  \
                 A loop `for item in receiver` ends only when every Sender of that channel \
                 has been dropped. Probably a sender that is never dropped: the one you \
                 created next to the receiver (drop it before the counting loop), or a \
                 URL sender kept here while a clone went to the producer (then the \
                 fetchers wait for more URLs for ever, holding their status senders)."
            ));
        }
        if started.elapsed() >= PATIENCE {
            let requests = server.map_or(0, |(server, _)| server.stats().requests);
            EXERCISE.fail(format_args!(
                "count_statuses had not returned after {PATIENCE:?}, with {requests} \
                 request(s) made so far. Are the fetchers waiting for each other, or for a \
                 channel that never closes? A loop `for item in receiver` ends only when \
                 every Sender of that channel has been dropped."
            ));
        }
    }
}

#[test]
fn the_fetchers_work_at_the_same_time() {
    EXERCISE.run(|| {
        const FETCHERS: usize = 4;
        // A group that cannot meet gives up after 2 s, not the default 5 s.
        let server = SlowServer::with_patience(Duration::from_secs(2));
        // Rendezvous sites in groups of 4: they are answered only if all 4 fetchers
        // have a request in flight together. In the middle, 4 sites that take 250 ms:
        // a pipeline with a coroutine per URL sends the rest while they are in flight.
        let sites: Vec<Site> = many_sites(20, 5)
            .into_iter()
            .enumerate()
            .map(|(i, site)| match i {
                8..12 => Site::delayed(250, site.status),
                _ => Site::rendezvous(FETCHERS, site.status),
            })
            .collect();
        let counts = pipeline(server.urls(&sites), FETCHERS, Some((&server, sites.len())));
        let peak = server.stats().peak_in_flight;
        let why = if peak > FETCHERS {
            "More means more fetchers than asked for: probably a coroutine per URL (the \
             gevent habit of one greenlet per task). Spawn exactly `fetchers` coroutines, \
             each taking URLs from the channel until it closes."
        } else if peak == 1 {
            "One request at a time: the fetchers worked one after another. Joining each \
             fetcher right after spawning it lets it empty the URL channel alone before \
             the next one starts; spawn them all, and let the counting loop do the waiting."
        } else {
            "Fewer means the fetchers wait for each other, or block their worker thread \
             (std's channels, sockets or sleep hold the whole worker, not one coroutine)."
        };
        EXERCISE.check_eq(
            peak,
            FETCHERS,
            format_args!(
                "with {FETCHERS} fetchers, the server should see exactly {FETCHERS} requests \
                 in flight at once: each fetcher has one request at a time, and all of them \
                 work together.\n  {why}\n{}",
                EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
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
        let counts = pipeline(server.urls(&sites), 1, Some((&server, sites.len())));
        EXERCISE.check_eq(
            server.stats().peak_in_flight,
            1,
            format_args!(
                "with 1 fetcher, the server should never see more than 1 request at a \
                 time. More means more fetchers than asked for: a coroutine per URL?\n{}",
                EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
            ),
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
            pipeline(Vec::new(), 3, None).ok(),
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
        // A server that has stopped: its port refuses connections.
        urls.push(SlowServer::start().url(&Site::delayed(0, 200)));
        EXERCISE.check(
            pipeline(urls, 2, Some((&server, 3))).is_err(),
            "one of the 4 sites cannot be reached: the pipeline should send that error \
             through the second channel and count_statuses should return it.",
        );
    });
}
