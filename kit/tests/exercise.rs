//! How `Exercise` reports each way an exercise test can go wrong.

use kit::exercise::Exercise;
use std::panic;
use std::thread;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("sample", "exercises/lesson-00/sample.rs");

/// Runs `f`, which must panic, and returns its panic message.
fn failure_of(f: impl FnOnce() + panic::UnwindSafe) -> String {
    let payload = panic::catch_unwind(f).expect_err("the check should have failed");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn a_passing_body_returns_its_value() {
    assert_eq!(EXERCISE.run(|| 6 * 7), 42);
}

#[test]
fn a_failed_check_names_the_exercise_the_values_and_the_hint() {
    let message = failure_of(|| {
        EXERCISE.run(|| EXERCISE.check_eq(vec![3, 2], vec![3, 2, 1], "it should count down"))
    });
    assert!(
        message.contains("✗ exercise sample: it should count down"),
        "{message}"
    );
    assert!(message.contains("expected: [3, 2, 1]"), "{message}");
    assert!(message.contains("got: [3, 2]"), "{message}");
    assert!(message.contains("cargo workbook hint sample"), "{message}");
    assert!(
        message.contains("exercises/lesson-00/sample.rs"),
        "{message}"
    );
}

#[test]
fn an_unwritten_todo_is_called_not_written_yet() {
    let message = failure_of(|| EXERCISE.run(|| todo!("the answer")));
    assert!(message.contains("not written yet"), "{message}");
    assert!(message.contains("the answer"), "{message}");
}

#[test]
fn any_other_panic_is_reported_as_a_panic_in_the_learners_code() {
    let message = failure_of(|| EXERCISE.run(|| panic!("index out of bounds")));
    assert!(
        message.contains("your code panicked: index out of bounds"),
        "{message}"
    );
}

#[test]
fn a_body_that_never_finishes_fails_after_the_limit() {
    let quick = EXERCISE.with_limit(Duration::from_millis(200));
    let message = failure_of(|| {
        quick.run(|| {
            loop {
                thread::park();
            }
        })
    });
    assert!(message.contains("still running after 200ms"), "{message}");
    assert!(message.contains("deadlock"), "{message}");
}
