//! `Exercise::run_async` and `Exercise::run_paused`.
#![cfg(feature = "tokio")]

use kit::exercise::Exercise;
use std::panic;
use std::time::Duration;
use tokio::time::{Instant, sleep};

const EXERCISE: Exercise = Exercise::new("sample", "exercises/lesson-00/sample.rs");

#[test]
fn an_async_body_runs_to_its_value() {
    assert_eq!(EXERCISE.run_async(|| async { 6 * 7 }), 42);
}

#[test]
fn paused_time_jumps_over_sleeps_in_deadline_order() {
    let (order, elapsed) = EXERCISE.run_paused(|| async {
        let start = Instant::now();
        let slow = tokio::spawn(async {
            sleep(Duration::from_secs(3600)).await;
            "an hour"
        });
        let quick = tokio::spawn(async {
            sleep(Duration::from_secs(60)).await;
            "a minute"
        });
        let mut order = Vec::new();
        let mut both = tokio::task::JoinSet::new();
        both.spawn(async move { quick.await.unwrap() });
        both.spawn(async move { slow.await.unwrap() });
        while let Some(done) = both.join_next().await {
            order.push(done.unwrap());
        }
        (order, start.elapsed())
    });
    assert_eq!(order, ["a minute", "an hour"]);
    assert_eq!(elapsed, Duration::from_secs(3600));
}

#[test]
fn an_async_body_that_never_finishes_fails_after_the_limit() {
    let quick = EXERCISE.with_limit(Duration::from_millis(200));
    let payload = panic::catch_unwind(|| quick.run_async(std::future::pending::<()>))
        .expect_err("it should time out");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("still running after 200ms"), "{message}");
}
