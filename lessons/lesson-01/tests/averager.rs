//! Checks for the `averager` exercise: `exercises/lesson-01/averager.rs`.

use genawaiter::GeneratorState;
use kit::exercise::Exercise;
use lesson_01::averager::{averager, averages};

const EXERCISE: Exercise = Exercise::new("averager", "exercises/lesson-01/averager.rs");

#[test]
fn priming_yields_none() {
    EXERCISE.run(|| {
        let mut average = averager();
        EXERCISE.check_eq(
            average.resume_with(99.0),
            GeneratorState::Yielded(None),
            "The first resume (priming) should run the averager to its first yield, which yields None: \
             nothing has been averaged yet.",
        );
    });
}

#[test]
fn yields_the_running_average_of_what_was_sent() {
    EXERCISE.run(|| {
        let mut average = averager();
        average.resume_with(99.0);
        let yielded: Vec<_> = [10.0, 30.0, 5.0, 15.0].into_iter().map(|x| average.resume_with(x)).collect();
        EXERCISE.check_eq(
            yielded,
            vec![
                GeneratorState::Yielded(Some(10.0)),
                GeneratorState::Yielded(Some(20.0)),
                GeneratorState::Yielded(Some(15.0)),
                GeneratorState::Yielded(Some(15.0)),
            ],
            "After priming, sending 10, 30, 5 and 15 should yield the average of everything sent so far. \
             (The 99 used for priming is dropped by genawaiter and must not count.)",
        );
    });
}

#[test]
fn averages_primes_before_sending() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            averages(&[10.0, 30.0, 5.0]),
            vec![10.0, 20.0, 15.0],
            "averages(&[10, 30, 5]) should return one average per value. If the first value went \
             missing, the averager was not primed before the values were sent.",
        );
    });
}

#[test]
fn averages_of_nothing_is_empty() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            averages(&[]),
            vec![],
            "averages(&[]) should return an empty Vec.",
        );
    });
}
