//! Checks for the `round_robin` exercise: `exercises/lesson-01/round_robin.rs`.

use kit::exercise::Exercise;
use lesson_01::round_robin::run;
use lesson_01::tasks::{foo_and_bar, task};

const EXERCISE: Exercise = Exercise::new("round_robin", "exercises/lesson-01/round_robin.rs");

#[test]
fn interleaves_the_gevent_example() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            run(foo_and_bar()),
            vec!["Im in foo!", "Im in bar", "End of foo", "End of bar"],
            "foo and bar should take turns, one step each, as in the talk's gevent example. \
             \"End of foo\" before \"Im in bar\" means the tasks ran one after another.",
        );
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
        EXERCISE.check_eq(
            run(tasks),
            vec!["a1", "b1", "c1", "d1", "a2", "c2", "d2", "a3", "d3", "a4"],
            "Each round should give every unfinished task one step, always in the original order. \
             b finishes in round 1 and c in round 2; a and d go on.",
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
