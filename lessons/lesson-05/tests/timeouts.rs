//! Checks for the `timeouts` exercise: `exercises/lesson-05/timeouts.rs`.
//!
//! Every check runs with tokio's clock paused and a stand-in client that waits on
//! that clock (`lesson_05::fetch::Pretend`): a site that answers after 1.2 s takes no
//! real time, and the time a check reads is exact, on any machine.

use kit::exercise::Exercise;
use kit::sites::{Site, many_sites, talk_sites};
use lesson_05::fetch::{Pretend, panicking_url, pretend_url};
use lesson_05::timeouts::check_all;
use lesson_05::{Counts, Report};
use std::time::Duration;
use tokio::time::Instant;
use tokio::time::error::Elapsed;

/// How a failure introduces the fetches it draws.
const AS_THE_STAND_IN_SAW_IT: &str = "as the stand-in client saw it (a row per fetch, in \
     the order they started; [=== from its start to its answer, xxx cancelled before it \
     answered; a fetch still running is not drawn)";

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
        if error.is::<Elapsed>() {
            EXERCISE.fail(format_args!(
                "check_all returned an error, \"{error}\": a timeout is not an error \
                 here. A site that does not answer within the limit is counted in \
                 `report.timed_out`, and the check goes on. Match the timeout's \
                 `Err(Elapsed)` apart from the fetch's own result instead of passing it \
                 on with `?`."
            ))
        }
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
            format_args!(
                "With a limit of 500 ms per site, the sites that answer after 900 ms and \
                 1200 ms time out, and the other three are counted. A single timeout \
                 around the whole check would lose the three that did answer.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, pretend.spans())
            ),
        );
        EXERCISE.check_eq(
            took,
            limit,
            format_args!(
                "The check should end when the last site times out, at 500 ms. Each \
                 site's limit starts when its fetch starts. A timeout around each \
                 JoinHandle, awaited in turn, starts a site's limit only when the loop \
                 reaches it, so the later sites get more time and the check runs long. \
                 Put the timeout inside each task, around its fetch.\n{}",
                EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, pretend.spans())
            ),
        );
        let stats = pretend.stats();
        if stats.in_flight > 0 && stats.cancelled == 0 {
            EXERCISE.fail(format_args!(
                "check_all returned with the {} fetches that timed out still in flight: \
                 nothing cancelled them. A timeout around a JoinHandle, or around the \
                 whole loop, stops waiting but not the fetches. Dropping the JoinSet \
                 does abort its tasks, but the abort is deferred: each task stops the \
                 next time the runtime gets to it, after check_all has returned. Put a \
                 timeout around each fetch, inside its task: when it fires, it drops \
                 that fetch at once.",
                stats.in_flight
            ));
        }
        EXERCISE.check_eq(
            (stats.cancelled, stats.in_flight),
            (2, 0),
            "The two fetches that timed out should be cancelled by the time check_all \
             returns, and nothing left running (cancelled, still in flight).",
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
        let report = report.unwrap_or_default();
        let expected = expected(&sites, limit);
        let answered = |report: &Report| report.counts.values().sum::<usize>();
        EXERCISE.check(
            report.timed_out <= expected.timed_out,
            format_args!(
                "1000 sites answering after 50 to 500 ms, with a limit of 275 ms each: \
                 {} answer in time, but only {} were counted and {} timed out. Sites \
                 that answer within their limit timed out: did each fetch get the whole \
                 limit, counted from when it started? A limit shared by all, or started \
                 before the fetches, leaves the later ones less.",
                answered(&expected),
                answered(&report),
                report.timed_out
            ),
        );
        EXERCISE.check(
            report.timed_out >= expected.timed_out,
            format_args!(
                "1000 sites answering after 50 to 500 ms, with a limit of 275 ms each: \
                 {} do not answer in time, but only {} timed out and {} were counted. \
                 Sites slower than the limit were counted: their limit started late (a \
                 timeout around each JoinHandle, awaited in turn, starts when the loop \
                 reaches it), or they had no limit at all.",
                expected.timed_out,
                report.timed_out,
                answered(&report)
            ),
        );
        EXERCISE.check_eq(
            &report.counts,
            &expected.counts,
            "1000 sites, with a limit of 275 ms each: the right number answered in \
             time, but the statuses counted are not theirs. Count each answer under \
             the status it returned.",
        );
        EXERCISE.check_eq(
            took,
            limit,
            "With every fetch started at once and each limited to 275 ms, the check \
             should take exactly 275 ms on tokio's clock. Longer means some fetches \
             started late (one after another, or in batches) or were waited for past \
             their limit.",
        );
        EXERCISE.check_eq(
            pretend.stats().peak_in_flight,
            1000,
            "All 1000 fetches should be in flight together (the most in flight at \
             once). Fewer means they were started one after another, or in batches: \
             spawn them all before you wait for any.",
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
fn a_panicking_fetch_is_an_error() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let mut urls = urls(&[
            Site::delayed(100, 200),
            Site::delayed(900, 200),
            Site::delayed(200, 404),
        ]);
        // The stand-in panics on this one after 150 ms: "thread ... panicked at
        // lessons/lesson-05/src/fetch.rs" above this test's message is expected.
        urls.insert(1, panicking_url(150));
        let fetcher = pretend.clone();
        let outcome = tokio::spawn(async move {
            check_all(&urls, |url| fetcher.fetch(url), Duration::from_millis(500)).await
        })
        .await;
        let report = match outcome {
            Err(join_error) if join_error.is_panic() => EXERCISE.fail(
                "check_all panicked because one of its tasks panicked: it passed the \
                 panic on (`unwrap`, `expect` or `resume_unwind` on the JoinError) \
                 instead of returning it. A panicked task comes back from `join_next` as \
                 `Err(JoinError)`: return it as an error with `?`, and the caller \
                 decides.",
            ),
            Err(join_error) => EXERCISE.fail(format_args!("check_all was cancelled: {join_error}")),
            Ok(Err(_)) => return,
            Ok(Ok(report)) => report,
        };
        EXERCISE.check(
            report.timed_out < 2,
            format_args!(
                "The fetch of one URL panicked after 150 ms, and check_all counted it as \
                 timed out: {report:?}. A panic is a bug, not a slow site: `join_next` \
                 gives `Err(JoinError)` for a task that panicked and `Ok(Err(Elapsed))` \
                 for one that timed out. Return the JoinError as an error with `?`."
            ),
        );
        EXERCISE.fail(format_args!(
            "The fetch of one URL panicked after 150 ms, but check_all left it out and \
             returned {report:?}, as if it had not been asked. A task that panicked \
             comes back from `join_next` as `Err(JoinError)`: return it as an error with \
             `?`, so that the caller learns of it."
        ));
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
