//! Checks for the `countdown` exercise: `exercises/lesson-01/countdown.rs`.

use kit::exercise::Exercise;
use lesson_01::countdown::Countdown;

const EXERCISE: Exercise = Exercise::new("countdown", "exercises/lesson-01/countdown.rs");

#[test]
fn counts_down_to_zero_inclusive() {
    EXERCISE.run(|| {
        let numbers: Vec<u32> = Countdown::new(3).collect();
        EXERCISE.check_eq(
            numbers,
            vec![3, 2, 1, 0],
            "Countdown::new(3) should yield 3, 2, 1 and 0, then stop.",
        );
    });
}

#[test]
fn zero_yields_zero_then_stops() {
    EXERCISE.run(|| {
        let numbers: Vec<u32> = Countdown::new(0).collect();
        EXERCISE.check_eq(
            numbers,
            vec![0],
            "Countdown::new(0) should yield 0 once, then stop.",
        );
    });
}

#[test]
fn suspends_between_calls() {
    EXERCISE.run(|| {
        let mut count = Countdown::new(u32::MAX);
        let first_three = [count.next(), count.next(), count.next()];
        EXERCISE.check_eq(
            first_three,
            [Some(u32::MAX), Some(u32::MAX - 1), Some(u32::MAX - 2)],
            "Each call to next() should take exactly one step from where the last one stopped.",
        );
    });
}

#[test]
fn stays_finished() {
    EXERCISE.run(|| {
        let mut count = Countdown::new(1);
        let steps: Vec<Option<u32>> = (0..6).map(|_| count.next()).collect();
        EXERCISE.check_eq(
            steps,
            vec![Some(1), Some(0), None, None, None, None],
            "After the countdown returns None, every later call to next() should return None too.",
        );
    });
}

#[test]
fn the_state_is_small() {
    EXERCISE.run(|| {
        let numbers: Vec<u32> = Countdown::new(2).collect();
        EXERCISE.check_eq(
            numbers,
            vec![2, 1, 0],
            "Countdown::new(2) should yield 2, 1 and 0.",
        );
        let size = std::mem::size_of::<Countdown>();
        EXERCISE.check(
            size <= 8,
            format_args!(
                "Countdown takes {size} bytes. A generator keeps only the locals it needs \
                 between steps: here, one number and a way to tell that it has finished \
                 (8 bytes at most, for example an Option<u32>). Don't compute all the \
                 numbers in advance."
            ),
        );
    });
}
