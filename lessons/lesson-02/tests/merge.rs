//! Checks for the `merge` exercise: `exercises/lesson-02/merge.rs`.

use kit::exercise::Exercise;
use lesson_02::Counts;
use lesson_02::merge::merge;
use lesson_02::processes::MergeError;

const EXERCISE: Exercise = Exercise::new("merge", "exercises/lesson-02/merge.rs");

fn outputs(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|line| line.to_string()).collect()
}

/// Checks that `merged` is an error naming `worker`; `what` says why it should be.
fn check_names_worker(merged: Result<Counts, MergeError>, worker: usize, what: &str) {
    if let Ok(counts) = &merged {
        EXERCISE.fail(format_args!(
            "{what}\n  merge returned counts instead ({counts:?}), leaving worker {worker} \
             out: a worker whose output cannot be read is an error to report, not one to \
             skip."
        ));
    }
    EXERCISE.check_eq(merged.map_err(|error| error.worker), Err(worker), what);
}

#[test]
fn adds_up_what_the_workers_saw() {
    EXERCISE.run(|| {
        let merged = merge(&outputs(&[
            "{\"200\":9,\"404\":1}\n",
            "{\"200\":10}\n",
            "{\"200\":9,\"503\":1}\n",
        ]));
        EXERCISE.check_eq(
            merged,
            Ok(Counts::from([(200, 28), (404, 1), (503, 1)])),
            "Three workers saw 9, 10 and 9 sites answer 200: that makes 28, not the last \
             worker's 9. Add each worker's counts to the total.",
        );
    });
}

#[test]
fn no_workers_no_counts() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            merge(&[]),
            Ok(Counts::new()),
            "No outputs add up to nothing.",
        );
        EXERCISE.check_eq(
            merge(&outputs(&["{}"])),
            Ok(Counts::new()),
            "A worker with an empty slice prints {} and adds nothing.",
        );
    });
}

#[test]
fn a_worker_that_printed_nonsense_is_named() {
    EXERCISE.run(|| {
        let merged = merge(&outputs(&[
            "{\"200\":3}",
            "Traceback (most recent call last):",
            "{\"200\":4}",
        ]));
        check_names_worker(
            merged,
            1,
            "Worker 1 (counting from 0) printed an error message instead of counts. \
             merge should return a MergeError whose `worker` is 1.",
        );
    });
}

#[test]
fn a_worker_that_printed_nothing_is_an_error() {
    EXERCISE.run(|| {
        // A worker that crashed before it printed anything.
        let merged = merge(&outputs(&["{\"200\":3}", "{\"404\":1}", ""]));
        check_names_worker(
            merged,
            2,
            "Worker 2 printed nothing at all: that is not \"no sites\" ({} would be), \
             it is a worker that failed. merge should say so with a MergeError for worker 2.",
        );
    });
}

#[test]
fn counts_must_be_counts() {
    EXERCISE.run(|| {
        let merged = merge(&outputs(&["{\"200\":3}", "{\"200\":-1}"]));
        check_names_worker(
            merged,
            1,
            "A count of -1 is not a count. Reading the JSON into `Counts` (a map from u16 \
             to usize) rejects it for you; report it as a MergeError for worker 1.",
        );
    });
}
