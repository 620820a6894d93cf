//! Checks for the `bounded` exercise: `exercises/lesson-07/bounded.rs`.
//!
//! Two kinds of check. Against the real local server, most sites are rendezvous
//! sites, answered only once `limit` of them are waiting together: a correct fetcher
//! reaches a peak of exactly `limit` in flight, never more (the limit) and never less
//! (a group that cannot meet is answered 504). With tokio's clock paused and a
//! stand-in client, the time a run takes is exact, which tells a sliding window from
//! batches.

use kit::client::{async_client, status_async};
use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use kit::sites::{Site, expected_counts, many_sites};
use kit::timeline::Span;
use lesson_07::bounded::fetch_all;
use lesson_07::stand_in::{StandIn, in_batches, pretend_url, sliding_window};
use lesson_07::{Counts, Error};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("bounded", "exercises/lesson-07/bounded.rs");

/// The kit's real HTTP client, as a `fetch` function.
fn real_fetch()
-> impl Fn(String) -> std::pin::Pin<Box<dyn Future<Output = Result<u16, Error>> + Send>> {
    let client = async_client();
    move |url| {
        let client = client.clone();
        Box::pin(async move { status_async(&client, &url).await })
    }
}

/// `groups` groups of `limit` rendezvous sites, each followed by one site that takes
/// `slow_ms`. Sent all at once, the slow sites are still in flight when a group
/// meets: more than `limit` at the server.
fn meeting_sites(limit: usize, groups: usize, slow_ms: u64) -> Vec<Site> {
    many_sites(groups * (limit + 1), 7)
        .into_iter()
        .enumerate()
        .map(|(i, site)| {
            if i % (limit + 1) == limit {
                Site::delayed(slow_ms, site.status)
            } else {
                Site::rendezvous(limit, site.status)
            }
        })
        .collect()
}

/// How a failure introduces the fetches it draws.
const AS_THE_STAND_IN_SAW_IT: &str = "as the stand-in client saw it (a row per fetch; \
     [=== from its first poll to its answer)";

const LOST_BOUND: &str = "Each request must hold a permit from before it starts until its \
     answer is in, and every task must take it from the same semaphore. Three ways to lose \
     the bound: spawning every fetch without a permit (or starting it before the permit is \
     taken); a semaphore created inside the loop, one per task, which bounds nothing \
     (create one before the loop and share it through an `Arc`); and \
     `let _ = permits.acquire().await`: `_` drops the permit at once; name it \
     (`let _permit = ...`) to keep it.";

async fn check_at_the_server(sites: &[Site], limit: usize) {
    // A group that can never meet gives up after 3 s and answers 504.
    let server = SlowServer::with_patience(Duration::from_secs(3));
    let counts = fetch_all(&server.urls(sites), limit, real_fetch()).await;
    let stats = server.stats();
    EXERCISE.check(
        stats.peak_in_flight <= limit,
        format_args!(
            "with a limit of {limit}, the server had {} requests in flight at once.\n  \
             {LOST_BOUND}\n{}",
            stats.peak_in_flight,
            EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
        ),
    );
    EXERCISE.check(
        stats.peak_in_flight == limit,
        format_args!(
            "with a limit of {limit}, the most requests the server ever had in flight was \
             {}; it should be exactly {limit}.\n  \
             Are the fetches waiting for each other? Awaiting each one before starting \
             the next runs them one at a time.\n{}",
            stats.peak_in_flight,
            EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
        ),
    );
    EXERCISE.check_eq(
        counts.ok(),
        Some(expected_counts(sites)),
        format_args!(
            "all {} sites answer, so every status should be counted. A 504 in the counts \
             means a group of {limit} never met: did you run the URLs in batches of \
             {limit}, each batch waiting for its slowest? With a semaphore, a slot is \
             reused the moment its request ends, so the next request joins the ones \
             still waiting.",
            sites.len()
        ),
    );
}

#[test]
fn the_server_sees_exactly_the_limit() {
    EXERCISE.run_async(|| async {
        check_at_the_server(&meeting_sites(3, 4, 300), 3).await;
    });
}

#[test]
fn the_talks_100_over_500_at_the_server() {
    EXERCISE.run_async(|| async {
        // A small run first: a fetcher that sends one request at a time fails it in
        // seconds, with a message that says so, instead of dragging through 500.
        check_at_the_server(&meeting_sites(3, 2, 300), 3).await;
        // The talk's 500 requests through a pool of 100: four in five are rendezvous
        // sites that meet in groups of 100, and every fifth takes 250 ms.
        let sites: Vec<Site> = many_sites(500, 4)
            .into_iter()
            .enumerate()
            .map(|(i, site)| match i % 5 {
                4 => Site::delayed(250, site.status),
                _ => Site::rendezvous(100, site.status),
            })
            .collect();
        check_at_the_server(&sites, 100).await;
    });
}

/// Runs the learner's fetcher on the stand-in; returns the counts, the time it took
/// on tokio's clock, the peak in flight, and the fetches as the stand-in saw them.
async fn on_the_stand_in(sites: &[Site], limit: usize) -> (Counts, Duration, usize, Vec<Span>) {
    let stand_in = StandIn::new();
    let urls: Vec<String> = sites.iter().map(|site| pretend_url("site", site)).collect();
    let start = Instant::now();
    let counts = fetch_all(&urls, limit, |url| stand_in.fetch(url))
        .await
        .unwrap_or_else(|error| {
            EXERCISE.fail(format_args!(
                "fetch_all returned an error, but every site here answers: {error}"
            ))
        });
    let peak = stand_in.overall().peak;
    (counts, start.elapsed(), peak, stand_in.spans())
}

fn delays(sites: &[Site]) -> Vec<u64> {
    sites
        .iter()
        .map(|site| site.delay().unwrap_or_default().as_millis() as u64)
        .collect()
}

#[test]
fn a_sliding_window_not_batches() {
    EXERCISE.run_paused(|| async {
        // In every group of three, one slow site and two quick ones.
        let sites: Vec<Site> = [300, 100, 100]
            .repeat(4)
            .into_iter()
            .map(|millis| Site::delayed(millis, 200))
            .collect();
        let window = *sliding_window(&delays(&sites), 3).iter().max().unwrap();
        let batches = in_batches(&delays(&sites), 3);
        let (counts, took, peak, spans) = on_the_stand_in(&sites, 3).await;
        EXERCISE.check_eq(counts, expected_counts(&sites), "all 12 sites answer 200.");
        EXERCISE.check(
            peak <= 3,
            format_args!(
                "with a limit of 3, {peak} fetches were in flight at once.\n  {LOST_BOUND}\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, spans.clone())
            ),
        );
        EXERCISE.check_eq(
            took,
            Duration::from_millis(window),
            format_args!(
                "12 sites (300, 100, 100 ms, four times over) with a limit of 3 should take \
                 {window} ms: whenever a fetch ends, the next one starts at once. Batches \
                 of 3 take {batches} ms, because each batch waits for its slowest site \
                 while two of its slots sit idle.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, spans)
            ),
        );
    });
}

#[test]
fn the_talks_100_over_500_on_the_clock() {
    EXERCISE.run_paused(|| async {
        let sites = many_sites(500, 2);
        let finish = sliding_window(&delays(&sites), 100);
        let window = *finish.iter().max().unwrap();
        let (counts, took, peak, _) = on_the_stand_in(&sites, 100).await;
        EXERCISE.check(
            peak <= 100,
            format_args!(
                "with a limit of 100, {peak} fetches were in flight at once.\n  {LOST_BOUND}"
            ),
        );
        EXERCISE.check_eq(
            peak,
            100,
            "a limit of 100 over 500 fetches: exactly 100 should be in flight at the busiest \
             moment.",
        );
        EXERCISE.check_eq(counts, expected_counts(&sites), "all 500 statuses counted.");
        EXERCISE.check_eq(
            took,
            Duration::from_millis(window),
            "500 sites of 50 to 500 ms, 100 at a time, started in list order, each as soon \
             as a slot is free.",
        );
    });
}

#[test]
fn a_limit_of_one_is_one_after_another() {
    EXERCISE.run_paused(|| async {
        let sites = many_sites(8, 3);
        let (counts, took, peak, _) = on_the_stand_in(&sites, 1).await;
        let sum: u64 = delays(&sites).iter().sum();
        EXERCISE.check(
            peak <= 1,
            format_args!(
                "with a limit of 1, {peak} fetches were in flight at once.\n  {LOST_BOUND}"
            ),
        );
        EXERCISE.check_eq(
            (peak, took),
            (1, Duration::from_millis(sum)),
            "a limit of 1 means one fetch at a time: (peak in flight, time taken) should be \
             1 and the sum of the delays.",
        );
        EXERCISE.check_eq(counts, expected_counts(&sites), "all 8 statuses counted.");
    });
}

#[test]
fn a_failed_fetch_is_an_error() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        let mut urls: Vec<String> = many_sites(4, 1)
            .iter()
            .map(|site| pretend_url("site", site))
            .collect();
        urls.insert(2, "http://site/no/such/page".to_owned());
        let outcome = fetch_all(&urls, 2, |url| stand_in.fetch(url)).await;
        EXERCISE.check(
            outcome.is_err(),
            format_args!(
                "one URL names no site, so its fetch fails: fetch_all should return that \
                 error, not count it or skip it. Got {outcome:?}."
            ),
        );
    });
}
