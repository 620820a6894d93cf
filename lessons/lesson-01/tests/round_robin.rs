//! Checks for the `round_robin` exercise: `exercises/lesson-01/round_robin.rs`.

use genawaiter::rc::Gen;
use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline};
use lesson_01::round_robin;
use lesson_01::tasks::{Task, task};
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;

const EXERCISE: Exercise = Exercise::new("round_robin", "exercises/lesson-01/round_robin.rs");

/// How a failure introduces the run it draws.
const AS_YOUR_SCHEDULER_RAN_THEM: &str = "as your scheduler ran the tasks (a row per task; \
     [ is a turn, one resume, and the bar goes on while the task waits for the next; at once: \
     tasks begun and not finished; xxx: dropped unfinished)";

/// A task like `lesson_01::tasks::task`, whose turns are drawn on `timeline` in the row
/// `name`. Its body runs only when the scheduler resumes it, so each turn is drawn from
/// one resume to the next: the drawing shows whose turn it was, and which tasks were
/// under way together.
fn watched(timeline: &Timeline, name: &str, lines: &[&str]) -> Task {
    let timeline = timeline.clone();
    let lane = name.to_owned();
    let mut lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    let last = lines.pop().unwrap_or_default();
    Gen::new(|co| -> Pin<Box<dyn Future<Output = String>>> {
        Box::pin(async move {
            // Dropped with the task, if a scheduler drops it unfinished: drawn as xxx.
            let mut turn = timeline.begin(Lane::named(lane), "turn 1");
            for (number, line) in (2..).zip(lines) {
                co.yield_(line).await;
                turn = turn.then("turn", format!("turn {number}"));
            }
            turn.end("last turn");
            last
        })
    })
}

/// Runs the scheduler, explaining the panic of a task resumed after it completed.
fn run(tasks: Vec<Task>) -> Vec<String> {
    panic::catch_unwind(AssertUnwindSafe(|| round_robin::run(tasks))).unwrap_or_else(|payload| {
        let message = kit::exercise::panic_message(&*payload).unwrap_or_default();
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
        let timeline = Timeline::new();
        // lesson_01::tasks::foo_and_bar, watched.
        let foo = watched(&timeline, "foo", &["Im in foo!", "End of foo"]);
        let bar = watched(&timeline, "bar", &["Im in bar", "End of bar"]);
        let got = run(vec![foo, bar]);
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
        EXERCISE.check_eq(
            got,
            expected,
            format_args!(
                "{why}\n{}\n  Expected: foo's and bar's bars side by side (peak 2), \
                 their turns alternating: foo, bar, foo, bar.",
                EXERCISE.run_of(AS_YOUR_SCHEDULER_RAN_THEM, timeline.spans())
            ),
        );
    });
}

#[test]
fn finished_tasks_leave_and_the_rest_keep_their_order() {
    EXERCISE.run(|| {
        let timeline = Timeline::new();
        let tasks = vec![
            watched(&timeline, "task a", &["a1", "a2", "a3", "a4"]),
            watched(&timeline, "task b", &["b1"]),
            watched(&timeline, "task c", &["c1", "c2"]),
            watched(&timeline, "task d", &["d1", "d2", "d3"]),
        ];
        let got = run(tasks);
        let expected = ["a1", "b1", "c1", "d1", "a2", "c2", "d2", "a3", "d3", "a4"];
        let why = diagnose(&got, &expected, &["a4", "b1", "c2", "d3"]).unwrap_or(
            "Each round should give every unfinished task one step, always in the original \
             order. b finishes in round 1 and c in round 2; a and d go on.",
        );
        EXERCISE.check_eq(
            got,
            expected,
            format_args!(
                "{why}\n{}\n  Expected: turns in the order a b c d, a c d, a d, a.",
                EXERCISE.run_of(AS_YOUR_SCHEDULER_RAN_THEM, timeline.spans())
            ),
        );
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
