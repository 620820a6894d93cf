//! Checks for the `hedged` exercise: `exercises/lesson-05/hedged.rs`.
//!
//! Every check runs with tokio's clock paused and a stand-in client that waits on
//! that clock (`lesson_05::fetch::Pretend`), so times are exact. The primary answers
//! 200 and the backup 201, to tell them apart.

use kit::exercise::Exercise;
use kit::sites::Site;
use lesson_05::fetch::{Pretend, PretendStats, pretend_url};
use lesson_05::hedged::hedged;
use std::time::Duration;
use tokio::time::Instant;

const EXERCISE: Exercise = Exercise::new("hedged", "exercises/lesson-05/hedged.rs");

const PATIENCE: Duration = Duration::from_millis(300);

struct Outcome {
    answer: Option<u16>,
    took: Duration,
    stats: PretendStats,
}

/// Hedges a primary that answers 200 after `primary_ms` with a backup that answers
/// 201 after `backup_ms`.
async fn hedge(primary_ms: u64, backup_ms: u64) -> Outcome {
    let pretend = Pretend::new();
    let primary = pretend_url(&Site::delayed(primary_ms, 200));
    let backup = pretend_url(&Site::delayed(backup_ms, 201));
    let start = Instant::now();
    let answer = hedged(|url| pretend.fetch(url), &primary, &backup, PATIENCE).await;
    Outcome {
        answer: answer.ok(),
        took: start.elapsed(),
        stats: pretend.stats(),
    }
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

#[test]
fn a_prompt_primary_needs_no_backup() {
    EXERCISE.run_paused(|| async {
        let outcome = hedge(100, 50).await;
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
            outcome.answer,
            Some(201),
            "The primary takes 1000 ms; the backup, asked at 300 ms, answers at 400 ms \
             and should win.",
        );
        EXERCISE.check_eq(
            outcome.took,
            ms(400),
            "300 ms of patience, then 100 ms for the backup: the answer should come \
             at 400 ms. Sooner means the backup was asked before the patience ran \
             out; later means waiting for the slow primary too (`join!` waits for \
             both).",
        );
        EXERCISE.check_eq(
            (outcome.stats.cancelled, outcome.stats.in_flight),
            (1, 0),
            "The primary lost the race and should be cancelled by the time hedged \
             returns (cancelled, still in flight). Dropping a future cancels it; a \
             spawned task whose JoinHandle is dropped keeps running.",
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
            "The backup is asked at 300 ms, but the primary, still running, answers at \
             500 ms, before the backup would (answer, time). Keep the primary's \
             future running after the patience runs out: don't drop it, and don't \
             start it again.",
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
