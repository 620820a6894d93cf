//! Checks for the `averager` exercise: `exercises/lesson-01/averager.rs`.

use genawaiter::GeneratorState;
use kit::exercise::Exercise;
use lesson_01::averager::{averager, averages};

const EXERCISE: Exercise = Exercise::new("averager", "exercises/lesson-01/averager.rs");

/// What a primed averager yields after each of `values`.
fn fed(values: &[f64]) -> Vec<GeneratorState<Option<f64>, ()>> {
    let mut average = averager();
    average.resume_with(99.0);
    values.iter().map(|&x| average.resume_with(x)).collect()
}

/// Fails, naming the mistake, if the averager yields `None` again after a number:
/// it takes two resumes per number, so every other number goes to the wrong `yield_`.
fn check_one_yield_per_number() {
    let yielded = fed(&[10.0, 30.0, 5.0]);
    EXERCISE.check(
        !yielded.contains(&GeneratorState::Yielded(None)),
        format_args!(
            "after priming, the averager was sent 10, 30 and 5 and yielded {yielded:?}: a None \
             after a number was sent. It yields twice per number: one `yield_` to receive \
             a number and another to hand out the average. Then every other number \
             arrives at the wrong `yield_` and is dropped. One `co.yield_(average).await` \
             does both at once: it hands out the average, and evaluates to the next number."
        ),
    );
}

#[test]
fn priming_yields_none() {
    EXERCISE.run(|| {
        let mut average = averager();
        EXERCISE.check_eq(
            average.resume_with(99.0),
            GeneratorState::Yielded(None),
            "The first resume (priming) should run the averager to its first yield, which yields None: \
             nothing has been averaged yet, so there is no average to give, not even 0.",
        );
    });
}

#[test]
fn yields_the_running_average_of_what_was_sent() {
    EXERCISE.run(|| {
        check_one_yield_per_number();
        EXERCISE.check_eq(
            fed(&[10.0, 30.0, 5.0, 15.0]),
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
        // `averages` stands on `averager`: a mistake there is named first.
        check_one_yield_per_number();
        let values = [10.0, 30.0, 5.0];
        let got = averages(&values);
        let why = if got == values {
            "averages(&[10.0, 30.0, 5.0]) returned each value as its own average: was each \
             value sent to a fresh averager? Make one averager, prime it once, then send it \
             every value in turn: it is the one generator that remembers the total."
        } else if got.len() + 1 == values.len() {
            "averages(&[10.0, 30.0, 5.0]) lost the first value: the averager was not primed \
             before the values were sent. The first resume only starts the generator; the \
             value passed to it is dropped."
        } else {
            "averages(&[10.0, 30.0, 5.0]) should be the running average of every value so \
             far: 10.0, then (10.0 + 30.0) / 2 = 20.0, then (10.0 + 30.0 + 5.0) / 3 = 15.0. \
             Check what the generator keeps between values: the total of the values and \
             how many there were, both starting at zero."
        };
        EXERCISE.check_eq(got, vec![10.0, 20.0, 15.0], why);
    });
}

#[test]
fn averages_of_nothing_is_empty() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            averages(&[]),
            Vec::<f64>::new(),
            "averages(&[]) should return an empty Vec.",
        );
    });
}
