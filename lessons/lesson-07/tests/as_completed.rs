//! Checks for the `as_completed` exercise: `exercises/lesson-07/as_completed.rs`.
//!
//! Every check runs with tokio's clock paused and a stand-in client whose sites take
//! known times, and records when each result was reported, on that clock. So the
//! checks see both the order of the reports and whether each came the moment its
//! fetch ended.

use kit::exercise::Exercise;
use kit::sites::Site;
use kit::timeline::Span;
use lesson_07::as_completed::in_completion_order;
use lesson_07::stand_in::{StandIn, pretend_url, sliding_window};
use std::time::Duration;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("as_completed", "exercises/lesson-07/as_completed.rs");

/// One report: the URL's index, its status (`None` for an error), and when it came,
/// in milliseconds since the start.
type Report = (usize, Option<u16>, u64);

/// Runs the learner's function over `urls`; returns the reports, the peak in flight and
/// the fetches as the stand-in saw them.
async fn reports(urls: &[String], limit: usize) -> (Vec<Report>, usize, Vec<Span>) {
    let stand_in = StandIn::new();
    let start = Instant::now();
    let mut seen = Vec::new();
    in_completion_order(
        urls,
        limit,
        |url| stand_in.fetch(url),
        |index, result| {
            seen.push((index, result.ok(), start.elapsed().as_millis() as u64));
        },
    )
    .await;
    (seen, stand_in.overall().peak, stand_in.spans())
}

fn urls(delays: &[u64]) -> Vec<String> {
    delays
        .iter()
        .enumerate()
        .map(|(i, &millis)| pretend_url("site", &Site::delayed(millis, status(i))))
        .collect()
}

/// Each site answers its own status, so a report names its URL twice over.
fn status(index: usize) -> u16 {
    200 + (index % 300) as u16
}

/// What a correct run reports: in the order the sliding window finishes them.
fn expected(delays: &[u64], limit: usize) -> Vec<Report> {
    let mut finish: Vec<Report> = sliding_window(delays, limit)
        .into_iter()
        .enumerate()
        .map(|(i, at)| (i, Some(status(i)), at))
        .collect();
    finish.sort_by_key(|&(_, _, at)| at);
    finish
}

/// What a run in batches of `limit` reports (each batch starts when the one before
/// has ended), to name that mistake when it is made.
fn in_batches(delays: &[u64], limit: usize) -> Vec<Report> {
    let mut reports = Vec::new();
    let mut start = 0;
    for (batch, chunk) in delays.chunks(limit).enumerate() {
        let mut finished: Vec<Report> = chunk
            .iter()
            .enumerate()
            .map(|(offset, &delay)| {
                let index = batch * limit + offset;
                (index, Some(status(index)), start + delay)
            })
            .collect();
        finished.sort_by_key(|&(_, _, at)| at);
        start = finished.last().map_or(start, |&(_, _, at)| at);
        reports.extend(finished);
    }
    reports
}

/// How a failure introduces the fetches it draws.
const AS_THE_STAND_IN_SAW_IT: &str = "as the stand-in client saw it (a row per fetch; [=== \
     from its first poll to its answer)";

const EXPLAIN: &str = "Each report is (index, status, when in ms). Each result should be \
     reported at the moment its fetch ends: fastest first, not in list order (that is \
     `join_all`, or `buffered`), and not all at once at the end (that is collecting \
     the results first and reporting after).";

#[test]
fn fastest_first() {
    EXERCISE.run_paused(|| async {
        let delays = [300, 100, 200, 50];
        let (seen, _, _) = reports(&urls(&delays), 10).await;
        EXERCISE.check_eq(seen, expected(&delays, 10), EXPLAIN);
    });
}

#[test]
fn fastest_first_with_a_limit() {
    EXERCISE.run_paused(|| async {
        let delays = [500, 100, 100, 100, 400, 50];
        let (seen, peak, spans) = reports(&urls(&delays), 2).await;
        let run = || EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, spans.clone());
        EXERCISE.check(
            peak <= 2,
            format_args!(
                "with a limit of 2, {peak} fetches were in flight at once: more than the \
                 limit. A `FuturesUnordered` of every fetch (like `join_all`, or a task per \
                 URL) starts them all at once; `buffer_unordered(limit)` on a stream, or a \
                 semaphore, keeps at most `limit` running.\n{}",
                run()
            ),
        );
        EXERCISE.check_eq(
            peak,
            2,
            format_args!(
                "with a limit of 2, at most (and, here, exactly) 2 fetches in flight at \
                 once.\n{}",
                run()
            ),
        );
        EXERCISE.check(
            seen != in_batches(&delays, 2),
            format_args!(
                "the reports were {seen:?}: the URLs ran in batches of 2, each batch \
                 waiting for its slowest fetch before the next began, while a finished \
                 fetch's slot sat idle. A limit is a sliding window, not in batches: the \
                 moment one fetch ends, the next one starts (`buffer_unordered` does \
                 that).\n{}",
                run()
            ),
        );
        EXERCISE.check_eq(
            seen,
            expected(&delays, 2),
            format_args!(
                "{EXPLAIN}\n  With a limit of 2, the 500 ms site holds one slot while the \
                 other serves three 100 ms sites and then the 400 ms one; the 50 ms site \
                 starts when the 500 ms one ends."
            ),
        );
    });
}

#[test]
fn a_failed_fetch_is_reported_too() {
    EXERCISE.run_paused(|| async {
        let mut urls = urls(&[200, 0, 100]);
        urls[1] = "http://site/no/such/page".to_owned();
        let (seen, _, _) = reports(&urls, 3).await;
        EXERCISE.check_eq(
            seen,
            vec![(1, None, 0), (2, Some(202), 100), (0, Some(200), 200)],
            "the URL at index 1 names no site: its error should be reported at once (as \
             `None` here), and the others still reported as they finish.",
        );
    });
}

#[test]
fn a_thousand_reports() {
    EXERCISE.run_paused(|| async {
        // Distinct delays, so that no two fetches end in the same millisecond.
        let delays: Vec<u64> = (0..1000).map(|i| 1 + (i * 7919) % 1000).collect();
        let (seen, peak, _) = reports(&urls(&delays), 1000).await;
        EXERCISE.check_eq(peak, 1000, "all 1000 fetches in flight together.");
        let order: Vec<usize> = seen.iter().map(|&(index, _, _)| index).collect();
        let mut by_delay: Vec<usize> = (0..delays.len()).collect();
        by_delay.sort_by_key(|&i| delays[i]);
        EXERCISE.check_eq(
            order == by_delay,
            true,
            "1000 fetches of distinct delays should be reported in the order of their \
             delays, each once.",
        );
        EXERCISE.check_eq(
            Duration::from_millis(seen.last().map_or(0, |&(_, _, at)| at)),
            Duration::from_millis(1000),
            "the last report comes when the slowest (1000 ms) fetch ends.",
        );
    });
}
