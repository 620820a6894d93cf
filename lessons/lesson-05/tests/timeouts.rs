//! Checks for the `timeouts` exercise: `exercises/lesson-05/timeouts.rs`.
//!
//! Every check runs with tokio's clock paused and a stand-in client that waits on
//! that clock (`lesson_05::fetch::Pretend`): a site that answers after 1.2 s takes no
//! real time, and the time a check reads is exact, on any machine.

use kit::exercise::Exercise;
use kit::sites::{Site, many_sites, talk_sites};
use lesson_05::fetch::{Pretend, pretend_url};
use lesson_05::timeouts::check_all;
use lesson_05::{Counts, Report};
use std::time::Duration;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("timeouts", "exercises/lesson-05/timeouts.rs");

fn urls(sites: &[Site]) -> Vec<String> {
    sites.iter().map(pretend_url).collect()
}

/// The report a correct check makes: sites slower than `limit` time out.
fn expected(sites: &[Site], limit: Duration) -> Report {
    let mut report = Report::default();
    for site in sites {
        if site.delay().unwrap_or_default() < limit {
            *report.counts.entry(site.status).or_insert(0) += 1;
        } else {
            report.timed_out += 1;
        }
    }
    report
}

/// Runs the learner's check against `sites`; returns the report and the time it took.
async fn run(pretend: &Pretend, sites: &[Site], limit: Duration) -> (Option<Report>, Duration) {
    let start = Instant::now();
    let report = check_all(&urls(sites), |url| pretend.fetch(url), limit).await;
    let report = report.unwrap_or_else(|error| {
        EXERCISE.fail(format_args!(
            "check_all returned an error, but every site here answers: {error}"
        ))
    });
    (Some(report), start.elapsed())
}

#[test]
fn sites_that_answer_in_time_are_counted() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let sites = talk_sites();
        let limit = Duration::from_secs(2);
        let (report, took) = run(&pretend, &sites, limit).await;
        EXERCISE.check_eq(
            report,
            Some(expected(&sites, limit)),
            "The talk's 31 sites all answer within 1.5 s; with a limit of 2 s each, \
             every status is counted and nothing times out.",
        );
        let slowest = sites.iter().filter_map(Site::delay).max().unwrap();
        EXERCISE.check_eq(
            took,
            slowest,
            "All 31 fetches should wait together, so the check takes as long as the \
             slowest site. Did you await each fetch before starting the next?",
        );
    });
}

#[test]
fn slow_sites_time_out_and_are_counted_apart() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let sites = [
            Site::delayed(100, 200),
            Site::delayed(900, 200),
            Site::delayed(300, 404),
            Site::delayed(1200, 503),
            Site::delayed(200, 200),
        ];
        let limit = Duration::from_millis(500);
        let (report, took) = run(&pretend, &sites, limit).await;
        EXERCISE.check_eq(
            report,
            Some(Report {
                counts: Counts::from([(200, 2), (404, 1)]),
                timed_out: 2,
            }),
            "With a limit of 500 ms per site, the sites that answer after 900 ms and \
             1200 ms time out, and the other three are counted. A single timeout \
             around the whole check would lose the three that did answer.",
        );
        EXERCISE.check_eq(
            took,
            limit,
            "The check should end when the last site times out, at 500 ms, not wait \
             for the slow sites to answer.",
        );
        let stats = pretend.stats();
        EXERCISE.check_eq(
            (stats.cancelled, stats.in_flight),
            (2, 0),
            "The two fetches that timed out should be cancelled by the time check_all \
             returns, not left running (cancelled, still in flight). Put a timeout \
             around each fetch, inside its task: when it fires, it drops that fetch at \
             once. A timeout around a JoinHandle, or around the whole loop, stops \
             waiting but leaves the fetches running.",
        );
    });
}

#[test]
fn a_thousand_sites() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let sites = many_sites(1000, 5);
        // tokio's timers tick in whole milliseconds; no site of this list answers
        // at the very tick its timeout fires, so the race has no ties.
        let limit = Duration::from_millis(275);
        assert!(sites.iter().all(|site| site.delay() != Some(limit)));
        let (report, took) = run(&pretend, &sites, limit).await;
        EXERCISE.check_eq(
            report,
            Some(expected(&sites, limit)),
            "1000 sites answering after 50 to 500 ms, with a limit of 275 ms each.",
        );
        EXERCISE.check_eq(took, limit, "It should take exactly the limit.");
        EXERCISE.check_eq(
            pretend.stats().peak_in_flight,
            1000,
            "All 1000 fetches should be in flight together.",
        );
    });
}

#[test]
fn a_failed_fetch_is_an_error() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let mut urls = urls(&[Site::delayed(100, 200), Site::delayed(200, 200)]);
        urls.push("http://pretend.invalid/no/such/site".to_owned());
        let outcome = check_all(&urls, |url| pretend.fetch(url), Duration::from_secs(1)).await;
        EXERCISE.check(
            outcome.is_err(),
            format_args!(
                "One URL names no site, so its fetch fails at once: check_all should \
                 return that error, not count it. Got {outcome:?}."
            ),
        );
    });
}

#[test]
fn no_urls_no_counts() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let (report, _) = run(&pretend, &[], Duration::from_secs(1)).await;
        EXERCISE.check_eq(
            report,
            Some(Report::default()),
            "No URLs: nothing counted, nothing timed out.",
        );
    });
}
