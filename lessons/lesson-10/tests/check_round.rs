//! Checks for milestone 1, `check_round`: `exercises/lesson-10/check_round.rs`.
//!
//! With tokio's clock paused, a stand-in client counts requests in flight per host
//! and overall, and the time each check takes is exact: so the checks see the limits,
//! the hedge and the timeout to the millisecond. A last check runs against the kit's
//! real slow server.

use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use kit::sites::Site;
use lesson_10::check_round::check_round;
use lesson_10::client::{async_client, fetch_page};
use lesson_10::stand_in::{StandIn, attempts_url};
use lesson_10::{Checked, Failure, Limits};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("check_round", "exercises/lesson-10/check_round.rs");

const AS_THE_STAND_IN_SAW_IT: &str = "as the stand-in client saw it (a row per request, \
     named after its host; [=== from its first poll to its answer)";

const fn limits(overall: usize, per_host: usize, timeout: u64, patience: u64) -> Limits {
    Limits {
        overall,
        per_host,
        timeout: Duration::from_millis(timeout),
        patience: Duration::from_millis(patience),
    }
}

/// What a round found, by site, and when (on tokio's clock) each check was reported.
struct Round {
    found: BTreeMap<String, Checked>,
    reported_at: BTreeMap<String, Duration>,
    took: Duration,
}

async fn round(stand_in: &StandIn, sites: &[String], limits: Limits) -> Round {
    let start = Instant::now();
    let mut found = BTreeMap::new();
    let mut reported_at = BTreeMap::new();
    let fetching = stand_in.clone();
    check_round(
        sites,
        limits,
        move |url| fetching.fetch(url),
        |site, checked| {
            reported_at.insert(site.clone(), start.elapsed());
            found.insert(site, checked);
        },
    )
    .await;
    Round {
        found,
        reported_at,
        took: start.elapsed(),
    }
}

fn status(checked: Option<&Checked>) -> Result<u16, Failure> {
    match checked {
        Some(Ok(page)) => Ok(page.status),
        Some(Err(failure)) => Err(failure.clone()),
        None => Err(Failure::Failed("never reported".into())),
    }
}

#[test]
fn limits_per_host_and_overall() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // 4 sites of 100 ms on each of hosts a, b and c, in that order.
        let sites: Vec<String> = ["a", "b", "c"]
            .iter()
            .flat_map(|host| (0..4).map(move |_| attempts_url(host, &[100], 200)))
            .enumerate()
            .map(|(i, url)| format!("{url}?{i}"))
            .collect();
        let Round { found, took, .. } =
            round(&stand_in, &sites, limits(4, 2, 10_000, 10_000)).await;
        EXERCISE.check_eq(
            found.len(),
            12,
            "every one of the 12 sites is reported once, with what its check found.",
        );
        let peaks = ["a", "b", "c"].map(|host| stand_in.host(host).peak);
        EXERCISE.check(
            peaks.iter().all(|&peak| peak <= 2) && stand_in.overall().peak <= 4,
            format_args!(
                "at most 2 requests per host and 4 in all, but the peaks were {peaks:?} per \
                 host and {} in all. Every request takes a permit of its host's semaphore \
                 (one per host, shared by that host's checks) and one of a semaphore of \
                 `overall` permits, and holds both until its answer is in.\n{}",
                stand_in.overall().peak,
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            took,
            Duration::from_millis(300),
            format_args!(
                "12 sites of 100 ms, 2 per host and 4 in all: 4 at a time, so 300 ms. Slower \
                 means a request held a slot it could not use: did a check take its overall \
                 permit and then wait for its host's? Take the host's permit first.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn a_slow_site_gets_a_hedge() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // The first request takes 2 s, any later one 50 ms.
        let slow = attempts_url("a", &[2000, 50], 200);
        let Round {
            found, reported_at, ..
        } = round(
            &stand_in,
            std::slice::from_ref(&slow),
            limits(4, 2, 5000, 300),
        )
        .await;
        EXERCISE.check_eq(
            status(found.get(&slow)),
            Ok(200),
            "the site answers 200 (to its hedge, if not to the first request).",
        );
        EXERCISE.check_eq(
            (stand_in.attempts(&slow), reported_at.get(&slow).copied()),
            (2, Some(Duration::from_millis(350))),
            format_args!(
                "(requests sent, when the check ended): the first request takes 2 s; after a \
                 patience of 300 ms a second request goes, which answers in 50 ms, so the \
                 check ends at 350 ms with 2 requests. One request and 2000 ms means no \
                 hedge: race the first request against `sleep(patience)` then a second \
                 request, with `tokio::select!`.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            stand_in.overall().in_flight,
            0,
            "when the hedge won, the first request is cancelled (dropped), not left running.",
        );
    });
}

#[test]
fn a_quick_site_gets_one_request() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        let sites: Vec<String> = (0..4)
            .map(|i| attempts_url("a", &[100 + 50 * i], 200))
            .collect();
        let Round { found, took, .. } = round(&stand_in, &sites, limits(4, 4, 5000, 300)).await;
        EXERCISE.check_eq(found.len(), 4, "every site is reported once.");
        let attempts: Vec<usize> = sites.iter().map(|url| stand_in.attempts(url)).collect();
        EXERCISE.check_eq(
            attempts,
            vec![1; 4],
            format_args!(
                "requests sent to each site: every site answers within the patience (300 ms), \
                 so none deserves a hedge. Is the second request sent at once, or after a \
                 sleep that starts too early (before the first request has its permits)?\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            took,
            Duration::from_millis(250),
            "the slowest site takes 250 ms.",
        );
    });
}

#[test]
fn a_site_that_never_answers_times_out() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        let stuck = attempts_url("a", &[20_000], 200);
        let Round {
            found, reported_at, ..
        } = round(
            &stand_in,
            std::slice::from_ref(&stuck),
            limits(4, 2, 1000, 300),
        )
        .await;
        EXERCISE.check_eq(
            (status(found.get(&stuck)), reported_at.get(&stuck).copied()),
            (Err(Failure::TimedOut), Some(Duration::from_millis(1000))),
            format_args!(
                "(what the check found, when): a site whose every request takes 20 s, with a \
                 timeout of 1 s: `Failure::TimedOut` at 1000 ms. Put the first request and \
                 its hedge together under one `tokio::time::timeout(limits.timeout, ...)`.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn waiting_for_a_permit_is_not_the_sites_fault() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // One at a time: the second site waits 800 ms for the first's permit, then
        // answers in 800 ms. Its own requests never take longer than the timeout.
        let sites: Vec<String> = (0..2)
            .map(|i| format!("{}?{i}", attempts_url("a", &[800], 200)))
            .collect();
        let Round { found, took, .. } = round(&stand_in, &sites, limits(1, 1, 1000, 5000)).await;
        let found: Vec<Result<u16, Failure>> =
            sites.iter().map(|site| status(found.get(site))).collect();
        EXERCISE.check_eq(
            found,
            vec![Ok(200), Ok(200)],
            format_args!(
                "two sites of 800 ms, one request at a time, a timeout of 1 s: both answer. \
                 A timeout that also counts the wait for a permit fails the second site for \
                 the first one's slowness. Take the first request's permits, then start the \
                 clock.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            took,
            Duration::from_millis(1600),
            "one after the other: 1600 ms.",
        );
    });
}

#[test]
fn a_hedge_counts_against_the_limit() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // Four slow sites on four hosts, 2 in all: hedges would make it 4 in flight.
        let sites: Vec<String> = ["a", "b", "c", "d"]
            .iter()
            .map(|host| attempts_url(host, &[500, 100], 200))
            .collect();
        let Round { found, .. } = round(&stand_in, &sites, limits(2, 2, 5000, 200)).await;
        EXERCISE.check_eq(found.len(), 4, "every site is reported once.");
        EXERCISE.check(
            stand_in.overall().peak <= 2,
            format_args!(
                "at most 2 requests in all, but {} were in flight at once. A hedge is a \
                 request too: it takes its own permits (its host's, then one of the overall \
                 limit) before it is sent.\n{}",
                stand_in.overall().peak,
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn against_the_real_server() {
    EXERCISE.run_async(|| async {
        // Every site answers once 3 requests wait together: a round with 3 in all
        // must have exactly 3 in flight, and every check must answer.
        let server = SlowServer::with_patience(Duration::from_secs(5));
        let sites = server.urls(&[Site::rendezvous(3, 200), Site::rendezvous(3, 404)].repeat(6));
        let sites: Vec<String> = sites
            .into_iter()
            .enumerate()
            .map(|(i, url)| format!("{url}?{i}"))
            .collect();
        let client = async_client();
        let mut found = Vec::new();
        check_round(
            &sites,
            limits(3, 3, 20_000, 20_000),
            move |url| {
                let client = client.clone();
                async move { fetch_page(&client, &url).await }
            },
            |_, checked| found.push(checked.map(|page| page.status)),
        )
        .await;
        found.sort_by_key(|status| format!("{status:?}"));
        let mut expected = vec![Ok(200); 6];
        expected.extend(vec![Ok(404); 6]);
        EXERCISE.check_eq(
            found,
            expected,
            "every site answers once 3 requests wait together (a 504 means they never did).",
        );
        EXERCISE.check_eq(
            server.stats().peak_in_flight,
            3,
            format_args!(
                "with 3 in all, the server's peak in flight should be exactly 3.\n{}",
                EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
            ),
        );
    });
}
