//! Checks for the `round_robin` exercise: `exercises/lesson-01/round_robin.rs`.

use kit::exercise::Exercise;
use lesson_01::round_robin;
use lesson_01::tasks::{Task, foo_and_bar, task};
use std::panic::{self, AssertUnwindSafe};

const EXERCISE: Exercise = Exercise::new("round_robin", "exercises/lesson-01/round_robin.rs");

/// Runs the scheduler, explaining the panic of a task resumed after it completed.
fn run(tasks: Vec<Task>) -> Vec<String> {
    panic::catch_unwind(AssertUnwindSafe(|| round_robin::run(tasks))).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("resumed after completion") {
            EXERCISE.fail(
                "a task was resumed after it had finished (\"resumed after completion\"). Once \
                 `resume` returns `GeneratorState::Complete`, the task is done: record its \
                 last line and drop it, so it is never resumed again.",
            );
        }
        panic::resume_unwind(payload)
    })
}

/// What a trace that came out wrong says about the scheduler.
fn diagnose(got: &[String], expected: &[&str], returned: &[&str]) -> Option<&'static str> {
    let missing_returns = returned.iter().all(|line| !got.iter().any(|g| g == line));
    if missing_returns && !got.is_empty() {
        return Some(
            "The lines the tasks *return* are missing: when `resume` gives \
             `GeneratorState::Complete(line)`, that last line belongs in the trace too.",
        );
    }
    let mut sorted_got: Vec<&str> = got.iter().map(String::as_str).collect();
    let mut sorted_expected = expected.to_vec();
    sorted_got.sort_unstable();
    sorted_expected.sort_unstable();
    if sorted_got != sorted_expected {
        return None;
    }
    if got.first().map(String::as_str) != expected.first().copied() {
        return Some(
            "The first task did not run first. A Vec's `pop()` takes the *last* element: \
             popping and pushing a Vec is a stack, not a queue. Take tasks from the front \
             and put them back at the end (a VecDeque does both).",
        );
    }
    Some(
        "Every line is there, in another order. Did a task run more than one step in a \
         row, or did a finished task's removal move another task? (`swap_remove` puts \
         the last task into the gap; a queue, or `remove`, keeps the order.)",
    )
}

#[test]
fn interleaves_the_gevent_example() {
    EXERCISE.run(|| {
        let got = run(foo_and_bar());
        let expected = ["Im in foo!", "Im in bar", "End of foo", "End of bar"];
        let why = if got == ["Im in foo!", "End of foo", "Im in bar", "End of bar"] {
            "foo and bar should take turns, one step each, as in the talk's gevent example. \
             \"End of foo\" before \"Im in bar\" means the tasks ran one after another: \
             each task gets ONE resume, then goes to the back of the queue."
        } else {
            diagnose(&got, &expected, &["End of foo", "End of bar"]).unwrap_or(
                "foo and bar should take turns, one step each, as in the talk's gevent \
                 example.",
            )
        };
        EXERCISE.check_eq(got, expected, why);
    });
}

#[test]
fn finished_tasks_leave_and_the_rest_keep_their_order() {
    EXERCISE.run(|| {
        let tasks = vec![
            task(&["a1", "a2", "a3", "a4"]),
            task(&["b1"]),
            task(&["c1", "c2"]),
            task(&["d1", "d2", "d3"]),
        ];
        let got = run(tasks);
        let expected = ["a1", "b1", "c1", "d1", "a2", "c2", "d2", "a3", "d3", "a4"];
        let why = diagnose(&got, &expected, &["a4", "b1", "c2", "d3"]).unwrap_or(
            "Each round should give every unfinished task one step, always in the original \
             order. b finishes in round 1 and c in round 2; a and d go on.",
        );
        EXERCISE.check_eq(got, expected, why);
    });
}

#[test]
fn a_single_task_runs_to_its_end() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            run(vec![task(&["only", "step", "done"])]),
            vec!["only", "step", "done"],
            "A single task should run step by step to its end, and its returned line is part of the trace.",
        );
    });
}

#[test]
fn no_tasks_no_trace() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            run(Vec::new()),
            Vec::<String>::new(),
            "With no tasks the trace should be empty.",
        );
    });
}
