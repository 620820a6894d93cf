//! Checks for the `hedged` exercise: `exercises/lesson-05/hedged.rs`.
//!
//! Every check runs with tokio's clock paused and a stand-in client that waits on
//! that clock (`lesson_05::fetch::Pretend`), so times are exact. The primary answers
//! 200 and the backup 201, to tell them apart.

use kit::exercise::{Exercise, RunDrawing};
use kit::sites::Site;
use kit::timeline::Span;
use lesson_05::fetch::{Pretend, PretendStats, broken_url, pretend_url};
use lesson_05::hedged::hedged;
use std::time::Duration;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("hedged", "exercises/lesson-05/hedged.rs");

const PATIENCE: Duration = Duration::from_millis(300);

struct Outcome {
    answer: Option<u16>,
    took: Duration,
    stats: PretendStats,
    /// The fetches as the stand-in saw them, for a failure to draw.
    spans: Vec<Span>,
    /// The primary's URL, to tell its fetches from the backup's on the drawing.
    primary: String,
}

impl Outcome {
    /// The run, drawn when a failure message shows it: a row per fetch, named after
    /// the site it asked.
    fn run(&self) -> RunDrawing {
        let mut spans = self.spans.clone();
        spans.sort_by_key(|span| span.start);
        let mut primaries = 0;
        let mut backups = 0;
        for span in &mut spans {
            let (role, count) = if self.primary.ends_with(&span.label) {
                ("primary", &mut primaries)
            } else {
                ("backup", &mut backups)
            };
            *count += 1;
            span.lane = match *count {
                1 => role.to_owned(),
                n => format!("{role}, fetch {n}"),
            };
        }
        EXERCISE.run_of(AS_THE_STAND_IN_SAW_IT, spans)
    }
}

/// How a failure introduces the fetches it draws.
const AS_THE_STAND_IN_SAW_IT: &str = "as the stand-in client saw it (a row per fetch; [=== \
     from its start to its answer, xxx cancelled before it answered)";

/// Hedges a primary that answers 200 after `primary_ms` with a backup that answers
/// 201 after `backup_ms`.
async fn hedge(primary_ms: u64, backup_ms: u64) -> Outcome {
    let primary = pretend_url(&Site::delayed(primary_ms, 200));
    let backup = pretend_url(&Site::delayed(backup_ms, 201));
    hedge_urls(&primary, &backup).await
}

async fn hedge_urls(primary: &str, backup: &str) -> Outcome {
    let pretend = Pretend::new();
    let start = Instant::now();
    let answer = hedged(|url| pretend.fetch(url), primary, backup, PATIENCE).await;
    Outcome {
        answer: answer.ok(),
        took: start.elapsed(),
        stats: pretend.stats(),
        spans: pretend.spans(),
        primary: primary.to_owned(),
    }
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

#[test]
fn a_prompt_primary_needs_no_backup() {
    EXERCISE.run_paused(|| async {
        let outcome = hedge(100, 50).await;
        EXERCISE.check(
            !(outcome.stats.started == 2 && outcome.took > PATIENCE),
            format_args!(
                "The primary answers after 100 ms, but hedged returned after {:?}, once \
                 the patience of 300 ms had run out and the backup had been asked: the \
                 primary did not run during the patience. A future is lazy: `let \
                 primary = fetch(...)` only creates it, nothing is sent until it is \
                 polled (it is not `asyncio.create_task`). Race it against the sleep \
                 with `select!`, so that it runs while you wait.\n{}",
                outcome.took,
                outcome.run()
            ),
        );
        EXERCISE.check_eq(
            (outcome.answer, outcome.stats.started),
            (Some(200), 1),
            "The primary answers after 100 ms, within the patience of 300 ms: its \
             answer should be returned, and the backup never asked (answer, fetches \
             started). Start the backup only once the patience has run out.",
        );
        EXERCISE.check_eq(
            outcome.took,
            ms(100),
            "The answer should be returned as soon as the primary gives it, not after \
             the patience.",
        );
    });
}

#[test]
fn a_slow_primary_is_hedged_and_cancelled() {
    EXERCISE.run_paused(|| async {
        let outcome = hedge(1000, 100).await;
        EXERCISE.check_eq(
            outcome.took,
            ms(400),
            format_args!(
                "300 ms of patience, then 100 ms for the backup: the answer should come \
                 at 400 ms. Sooner means the backup was asked before the patience ran \
                 out; later means waiting for the slow primary too (`join!` waits for \
                 both).\n{}",
                outcome.run()
            ),
        );
        EXERCISE.check_eq(
            outcome.answer,
            Some(201),
            "The primary takes 1000 ms; the backup, asked at 300 ms, answers at 400 ms \
             and should win.",
        );
        EXERCISE.check(
            outcome.stats.started <= 2,
            format_args!(
                "{} fetches were started for one primary and one backup: the primary \
                 was fetched again when the patience ran out, and its first fetch \
                 dropped (cancelled) halfway. Keep the first fetch running: pin it \
                 (`tokio::pin!`) and race `&mut primary` against the sleep, then race \
                 the same future against the backup.\n{}",
                outcome.stats.started,
                outcome.run()
            ),
        );
        EXERCISE.check_eq(
            (outcome.stats.cancelled, outcome.stats.in_flight),
            (1, 0),
            format_args!(
                "The primary lost the race and should be cancelled by the time hedged \
                 returns (cancelled, still in flight). Dropping a future cancels it; a \
                 spawned task whose JoinHandle is dropped keeps running.\n{}",
                outcome.run()
            ),
        );
    });
}

#[test]
fn the_primary_can_still_win_after_the_backup_starts() {
    EXERCISE.run_paused(|| async {
        let outcome = hedge(500, 1000).await;
        EXERCISE.check_eq(
            (outcome.answer, outcome.took),
            (Some(200), ms(500)),
            format_args!(
                "The backup is asked at 300 ms, but the primary, still running, answers \
                 at 500 ms, before the backup would (answer, time). Keep the primary's \
                 future running after the patience runs out: don't drop it, and don't \
                 start it again.\n{}",
                outcome.run()
            ),
        );
        EXERCISE.check_eq(
            (
                outcome.stats.started,
                outcome.stats.cancelled,
                outcome.stats.in_flight,
            ),
            (2, 1, 0),
            "Two fetches started, and the backup, which lost, cancelled (started, \
             cancelled, still in flight).",
        );
    });
}

#[test]
fn an_error_is_an_answer_too() {
    EXERCISE.run_paused(|| async {
        let pretend = Pretend::new();
        let backup = pretend_url(&Site::delayed(100, 201));
        let answer = hedged(
            |url| pretend.fetch(url),
            "http://pretend.invalid/no/such/site",
            &backup,
            PATIENCE,
        )
        .await;
        EXERCISE.check(
            answer.is_err() && pretend.stats().started == 0,
            format_args!(
                "The primary fails at once, within the patience: hedged should return \
                 its error without asking the backup. Got {answer:?}, with {} fetches \
                 started.",
                pretend.stats().started
            ),
        );
    });
}

#[test]
fn a_primary_that_fails_during_the_race_is_the_answer() {
    EXERCISE.run_paused(|| async {
        // The primary fails at 500 ms, after the backup was asked at 300 ms; the
        // backup would answer at 1300 ms.
        let outcome = hedge_urls(&broken_url(500), &pretend_url(&Site::delayed(1000, 201))).await;
        EXERCISE.check_eq(
            (outcome.answer, outcome.took),
            (None, ms(500)),
            "The primary fails at 500 ms, while the backup, asked at 300 ms, would \
             answer at 1300 ms. hedged returns the first answer, success or error: \
             the primary's error, at 500 ms (answer, time). Waiting on for a success \
             (a `select!` branch with an `Ok(..)` pattern, or a retry) is another \
             policy than the one asked for, and here costs 800 ms more.",
        );
        EXERCISE.check_eq(
            (outcome.stats.cancelled, outcome.stats.in_flight),
            (1, 0),
            "The backup lost the race and should be cancelled by the time hedged \
             returns (cancelled, still in flight).",
        );
    });
}

#[test]
fn a_backup_that_fails_is_the_answer() {
    EXERCISE.run_paused(|| async {
        // The primary would answer at 1000 ms; the backup, asked at 300 ms, fails
        // 50 ms later.
        let outcome = hedge_urls(&pretend_url(&Site::delayed(1000, 200)), &broken_url(50)).await;
        EXERCISE.check_eq(
            (outcome.answer, outcome.took),
            (None, ms(350)),
            "The backup, asked at 300 ms, fails at 350 ms; the primary would answer at \
             1000 ms. hedged returns the first answer, success or error: the backup's \
             error, at 350 ms (answer, time). A `select!` branch written as \
             `Ok(status) = backup` is disabled when the backup fails, and select! \
             goes on waiting for the primary.",
        );
        EXERCISE.check_eq(
            (outcome.stats.cancelled, outcome.stats.in_flight),
            (1, 0),
            "The primary lost the race and should be cancelled by the time hedged \
             returns (cancelled, still in flight).",
        );
    });
}
