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
     named after its host; [=== from its first poll to its answer, xxx a request cancelled: \
     timed out, or the loser of the hedge)";

/// Long enough for any round of these checks on tokio's paused clock (where waiting
/// costs no real time): a round still going then never ends.
const ROUND_LIMIT: Duration = Duration::from_secs(600);

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

/// A round that must end: one still going after [`ROUND_LIMIT`] fails the check.
async fn round(stand_in: &StandIn, sites: &[String], limits: Limits) -> Round {
    let (round, ended) = round_within(stand_in, sites, limits).await;
    if !ended {
        EXERCISE.fail(format_args!(
            "the round never ended: after {ROUND_LIMIT:?} on tokio's clock, {} of its {} \
             sites were reported. A check waits for ever for a permit nobody gives back, \
             or for an answer that never comes (is every request under the timeout?).\n{}",
            round.found.len(),
            sites.len(),
            EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
        ));
    }
    round
}

/// The round, and whether it ended within [`ROUND_LIMIT`] (what it reported until then
/// if not).
async fn round_within(stand_in: &StandIn, sites: &[String], limits: Limits) -> (Round, bool) {
    let start = Instant::now();
    let mut found = BTreeMap::new();
    let mut reported_at = BTreeMap::new();
    let fetching = stand_in.clone();
    let ended = tokio::time::timeout(
        ROUND_LIMIT,
        check_round(
            sites,
            limits,
            move |url| fetching.fetch(url),
            |site, checked| {
                reported_at.insert(site.clone(), start.elapsed());
                found.insert(site, checked);
            },
        ),
    )
    .await
    .is_ok();
    let round = Round {
        found,
        reported_at,
        took: start.elapsed(),
    };
    (round, ended)
}

/// What a request that does not hold its permits is told.
const NOT_HELD: &str = "your requests do not hold their permits while in flight (`let _ = ...` \
     drops a permit at once; bind it: `let _permit = ...`, and keep it until the answer is in)";

/// The most first requests (attempt 1 of a site) in flight at once, from the stand-in's
/// spans: what the limits allow before any hedge is sent.
fn first_requests_peak(stand_in: &StandIn) -> usize {
    let mut edges: Vec<(Duration, i32)> = stand_in
        .spans()
        .iter()
        .filter(|span| span.label.ends_with("(attempt 1)"))
        .flat_map(|span| [(span.start, 1), (span.end, -1)])
        .collect();
    // An end before a start at the same instant: touching requests do not overlap.
    edges.sort();
    let (mut now, mut most) = (0, 0);
    for (_, step) in edges {
        now += step;
        most = most.max(now);
    }
    most.max(0) as usize
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
                 `overall` permits, and holds both until its answer is in (`let _ = ...` \
                 drops a permit at once; bind it: `let _permit = ...`).\n{}",
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
                 permit and then wait for its host's? Take the host's permit first. Or did \
                 a check hold a lock while waiting for a permit (a map of hosts under a \
                 `Mutex`, locked across `acquire().await`)? Then one busy host stops every \
                 check: take the host's semaphore out of the map and let go of the lock \
                 before you wait.\n{}",
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
            format_args!(
                "two sites of 800 ms, 1 request in all: one after the other, 1600 ms. {}\n{}",
                if took < Duration::from_millis(1600) {
                    "Sooner means both requests were in flight together: a request holds its \
                     permits until its answer is in (`let _ = ...` drops a permit at once; \
                     bind it: `let _permit = ...`)."
                } else {
                    "Later means a check waited for something besides the other's request: a \
                     permit never given back, or a hedge sent although the first answered \
                     within the patience."
                },
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
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
        let firsts = first_requests_peak(&stand_in);
        EXERCISE.check(
            stand_in.overall().peak <= 2,
            format_args!(
                "at most 2 requests in all, but {} were in flight at once. {}\n{}",
                stand_in.overall().peak,
                if firsts > 2 {
                    format!(
                        "The first requests alone were {firsts} at once, before any hedge: \
                         {NOT_HELD}."
                    )
                } else {
                    "A hedge is a request too: it takes its own permits (its host's, then \
                     one of the overall limit) before it is sent."
                        .to_owned()
                },
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn a_hedge_holds_its_permits_while_in_flight() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // Two slow sites on two hosts, 3 in all: at 200 ms, one hedge may go, not two.
        let sites: Vec<String> = ["a", "b"]
            .iter()
            .map(|host| attempts_url(host, &[500, 100], 200))
            .collect();
        let Round { found, .. } = round(&stand_in, &sites, limits(3, 2, 5000, 200)).await;
        EXERCISE.check_eq(found.len(), 2, "every site is reported once.");
        EXERCISE.check(
            stand_in.overall().peak <= 3,
            format_args!(
                "at most 3 requests in all, but {} were in flight at once: two first requests, \
                 and at 200 ms two hedges, when one permit was free. Every request, the first \
                 or a hedge, holds its permits until its answer is in: `let _ = \
                 semaphore.acquire_owned().await` drops the permit at once (`_` binds \
                 nothing); bind it: `let _permit = ...`.\n{}",
                stand_in.overall().peak,
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn a_hedge_takes_its_hosts_permit() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // Three slow sites on one host of 2, and room for 8 in all: the hedges must wait
        // for the host, however free the overall limit is.
        let sites: Vec<String> = (0..3)
            .map(|i| format!("{}?{i}", attempts_url("a", &[500, 100], 200)))
            .collect();
        let Round { found, .. } = round(&stand_in, &sites, limits(8, 2, 5000, 200)).await;
        EXERCISE.check_eq(found.len(), 3, "every site is reported once.");
        let firsts = first_requests_peak(&stand_in);
        EXERCISE.check(
            stand_in.host("a").peak <= 2,
            format_args!(
                "at most 2 requests to host a, but {} were in flight at once: {}\n{}",
                stand_in.host("a").peak,
                if firsts > 2 {
                    format!("the first requests alone were {firsts} at once: {NOT_HELD}.")
                } else {
                    "the hedges went although both of the host's permits were taken. A hedge \
                     is a request to the same host: it takes its host's permit too, then one \
                     of the overall limit."
                        .to_owned()
                },
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn no_request_outlives_its_check() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // The site answers in 100 ms, within a patience of 300 ms: no hedge, ever.
        let quick = attempts_url("a", &[100], 200);
        round(
            &stand_in,
            std::slice::from_ref(&quick),
            limits(4, 2, 5000, 300),
        )
        .await;
        // Two seconds on tokio's clock after the round: anything left running shows.
        tokio::time::sleep(Duration::from_secs(2)).await;
        EXERCISE.check_eq(
            (stand_in.attempts(&quick), stand_in.overall().in_flight),
            (1, 0),
            format_args!(
                "(requests sent to the site, requests in flight) 2 s after the round ended: the \
                 first request answered in 100 ms, so its hedge, due at 300 ms, must never go. \
                 A hedge sent after its check ended was left running: a `tokio::spawn`ed hedge \
                 runs on when the first request wins. Keep the hedge a future raced in the \
                 `select!` (the loser is dropped with it), or abort its task.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn a_timed_out_check_gives_its_permits_back() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        // One request at a time: the first site never answers and times out at 1 s, then
        // the second goes, and answers at 1.1 s.
        let stuck = attempts_url("a", &[20_000], 200);
        let quick = attempts_url("a", &[100], 200);
        let sites = vec![stuck.clone(), quick.clone()];
        let (Round { reported_at, .. }, ended) =
            round_within(&stand_in, &sites, limits(1, 1, 1000, 5000)).await;
        EXERCISE.check(
            ended,
            format_args!(
                "the round never ended: one request at a time, the first site timed out at \
                 1 s, and the second site's check waited for ever for a permit. The timed-out \
                 request's permits were never given back: an `add_permits` (or a `forget`) \
                 after `fetch(...).await` never runs when the request is cancelled (a timeout, \
                 a lost hedge race). Hold a permit (`let _permit = ...`) and let it drop: a \
                 drop runs however the future ends.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            (
                reported_at.get(&stuck).copied(),
                reported_at.get(&quick).copied(),
            ),
            (
                Some(Duration::from_millis(1000)),
                Some(Duration::from_millis(1100)),
            ),
            format_args!(
                "(when each site was reported): the first times out at 1000 ms, and gives its \
                 permits back then; the second goes and answers at 1100 ms. {}\n{}",
                if first_requests_peak(&stand_in) > 1 {
                    format!("Both were in flight at once, with 1 allowed: {NOT_HELD}.")
                } else {
                    String::new()
                },
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
    });
}

#[test]
fn each_check_is_reported_as_it_ends() {
    EXERCISE.run_paused(|| async {
        let stand_in = StandIn::new();
        let slow = attempts_url("a", &[300], 200);
        let quick = attempts_url("b", &[100], 200);
        let sites = vec![slow.clone(), quick.clone()];
        let Round { reported_at, .. } = round(&stand_in, &sites, limits(4, 2, 5000, 5000)).await;
        EXERCISE.check_eq(
            (
                reported_at.get(&quick).copied(),
                reported_at.get(&slow).copied(),
            ),
            (
                Some(Duration::from_millis(100)),
                Some(Duration::from_millis(300)),
            ),
            format_args!(
                "(when site b of 100 ms was reported, when site a of 300 ms was): each check \
                 is reported as it ends, not all of them at the end of the round \
                 (`asyncio.gather` waits for all; `JoinSet::join_next` gives each as it \
                 ends). Call `report` in the `while let Some(...) = checks.join_next()` \
                 loop.\n{}",
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
