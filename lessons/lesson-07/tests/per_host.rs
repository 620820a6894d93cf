//! Checks for the `per_host` exercise: `exercises/lesson-07/per_host.rs`.
//!
//! With tokio's clock paused, a stand-in client counts fetches in flight per host and
//! overall, and the time each run takes is exact: so the checks see both limits, and
//! whether a task waiting for a busy host held up the others. A last check runs
//! against two real local servers, one per host.

use kit::client::{async_client, status_async};
use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use kit::sites::{Site, expected_counts, many_sites};
use kit::timeline::merged;
use lesson_07::per_host::fetch_all;
use lesson_07::stand_in::{StandIn, pretend_url};
use lesson_07::{Counts, Error};
use std::time::Duration;
use tokio::time::Instant;

/// How a failure introduces the fetches it draws.
const AS_THE_STAND_IN_SAW_IT: &str = "as the stand-in client saw it (a row per fetch, named \
     after its host; [=== from its first poll to its answer)";

const EXERCISE: Exercise = Exercise::new("per_host", "exercises/lesson-07/per_host.rs");

/// `count` sites of 100 ms on each host, all of one host's before the next host's.
fn urls(hosts: &[&str], count: usize) -> Vec<String> {
    hosts
        .iter()
        .flat_map(|host| (0..count).map(move |_| pretend_url(host, &Site::delayed(100, 200))))
        .collect()
}

struct Run {
    counts: Result<Counts, Error>,
    took: Duration,
    stand_in: StandIn,
}

async fn run(urls: &[String], per_host: usize, overall: usize) -> Run {
    let stand_in = StandIn::new();
    let start = Instant::now();
    let counts = fetch_all(urls, per_host, overall, |url| stand_in.fetch(url)).await;
    Run {
        counts,
        took: start.elapsed(),
        stand_in,
    }
}

#[test]
fn one_per_host_two_in_all() {
    EXERCISE.run_paused(|| async {
        let urls = urls(&["a", "b"], 3);
        let Run {
            counts,
            took,
            stand_in,
        } = run(&urls, 1, 2).await;
        EXERCISE.check_eq(
            counts.ok(),
            Some(Counts::from([(200, 6)])),
            "all 6 sites answer 200.",
        );
        let peaks = (stand_in.host("a").peak, stand_in.host("b").peak);
        EXERCISE.check(
            peaks.0 <= 1 && peaks.1 <= 1,
            format_args!(
                "with at most 1 per host, the peaks in flight at hosts a and b were \
                 {peaks:?}. If each task got a semaphore of its own (made inside the task, \
                 or in the loop for each URL), nobody ever waits on it. The tasks of one \
                 host must share ONE semaphore: keep one per host, made the first time \
                 the host comes up, in a `HashMap` from host to `Arc<Semaphore>`.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check(
            stand_in.overall().peak >= 2,
            format_args!(
                "with 1 per host and 2 in all, an a-site and a b-site should be in flight \
                 together, but never more than {} fetch was in flight in all. With one \
                 semaphore of per_host permits for every host, the per-host limit became \
                 a limit on everything: two hosts cannot use their one slot each at the \
                 same time. Give each host its own semaphore, and use a second one, of \
                 `overall` permits, for the total.\n{}",
                stand_in.overall().peak,
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            took,
            Duration::from_millis(300),
            "3 sites of 100 ms on each of two hosts, 1 per host and 2 in all: one a-site \
             and one b-site at a time, so 300 ms. Slower means requests to b waited behind \
             requests to a: did a task take its overall permit and then wait for its host \
             (holding a slot it cannot use)? Or did the loop wait for a host's permit \
             before spawning the next task? Take the host's permit first, inside the task.",
        );
    });
}

#[test]
fn the_overall_limit_holds_too() {
    EXERCISE.run_paused(|| async {
        let urls = urls(&["a", "b", "c"], 2);
        let Run {
            counts,
            took,
            stand_in,
        } = run(&urls, 2, 3).await;
        EXERCISE.check_eq(
            counts.ok(),
            Some(Counts::from([(200, 6)])),
            "all 6 sites answer 200.",
        );
        let peak = stand_in.overall().peak;
        EXERCISE.check(
            peak <= 3,
            format_args!(
                "three hosts, at most 2 per host and 3 in all, and {peak} were in flight at \
                 once. More means the overall limit is missing: besides one semaphore per \
                 host, every task takes a permit from one shared semaphore of `overall` \
                 permits.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            peak,
            3,
            format_args!(
                "three hosts, at most 2 per host and 3 in all: exactly 3 in flight at the \
                 busiest moment. Fewer means something else held them back: one \
                 semaphore of per_host permits for every host?\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, stand_in.spans())
            ),
        );
        EXERCISE.check_eq(
            took,
            Duration::from_millis(200),
            "6 sites of 100 ms, 3 at a time: 200 ms.",
        );
    });
}

#[test]
fn many_hosts_many_sites() {
    EXERCISE.run_paused(|| async {
        let hosts = ["a", "b", "c", "d", "e"];
        // A seeded list, its sites spread over five hosts.
        let sites = many_sites(400, 9);
        let urls: Vec<String> = sites
            .iter()
            .enumerate()
            .map(|(i, site)| pretend_url(hosts[i % hosts.len()], site))
            .collect();
        let Run {
            counts, stand_in, ..
        } = run(&urls, 6, 20).await;
        EXERCISE.check_eq(
            counts.ok(),
            Some(expected_counts(&sites)),
            "all 400 statuses counted.",
        );
        let peaks: Vec<usize> = hosts.iter().map(|host| stand_in.host(host).peak).collect();
        EXERCISE.check(
            peaks.iter().all(|&peak| peak <= 6) && stand_in.overall().peak <= 20,
            format_args!(
                "at most 6 per host and 20 in all; the peaks were {peaks:?} per host and \
                 {} in all.",
                stand_in.overall().peak
            ),
        );
    });
}

#[test]
fn a_failed_fetch_is_an_error() {
    EXERCISE.run_paused(|| async {
        let mut urls = urls(&["a", "b"], 2);
        urls.push("http://b/no/such/page".to_owned());
        let Run { counts, .. } = run(&urls, 1, 2).await;
        EXERCISE.check(
            counts.is_err(),
            format_args!(
                "one URL names no site: fetch_all should return its error. Got {counts:?}."
            ),
        );
    });
}

#[test]
fn two_real_servers() {
    EXERCISE.run_async(|| async {
        // Two servers on two ports: two hosts. Each site answers once 2 requests to the
        // same server wait together, so each server must see exactly 2 at once.
        let servers = [SlowServer::start(), SlowServer::start()];
        let sites: Vec<Site> = many_sites(8, 5)
            .into_iter()
            .map(|site| Site::rendezvous(2, site.status))
            .collect();
        let urls: Vec<String> = servers
            .iter()
            .flat_map(|server| server.urls(&sites))
            .collect();
        let client = async_client();
        let counts = fetch_all(&urls, 2, 4, |url| {
            let client = client.clone();
            async move { status_async(&client, &url).await }
        })
        .await;
        let mut expected = expected_counts(&sites);
        expected.values_mut().for_each(|count| *count *= 2);
        EXERCISE.check_eq(
            counts.ok(),
            Some(expected),
            "every site answers once 2 requests to its server wait together (a 504 means \
             they never did).",
        );
        EXERCISE.check_eq(
            servers
                .each_ref()
                .map(|server| server.stats().peak_in_flight),
            [2, 2],
            format_args!(
                "at most 2 per host: each server's peak in flight should be exactly 2.\n{}",
                EXERCISE.run_of(
                    AS_THE_SERVER_SAW_IT,
                    merged(&[
                        ("host A", &servers[0].timeline()),
                        ("host B", &servers[1].timeline())
                    ])
                )
            ),
        );
    });
}
