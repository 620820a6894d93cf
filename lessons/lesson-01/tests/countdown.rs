//! Checks for the `countdown` exercise: `exercises/lesson-01/countdown.rs`.

use kit::exercise::Exercise;
use lesson_01::countdown::Countdown;
use std::panic::{self, AssertUnwindSafe};

const EXERCISE: Exercise = Exercise::new("countdown", "exercises/lesson-01/countdown.rs");

/// The most a countdown's state needs: one number and a way to tell that it has
/// finished, as in an `Option<u32>`.
const SMALL: usize = 8;

/// Takes `steps` steps of `count`, explaining the classic panic: `0 - 1` on a `u32`.
fn take(count: &mut Countdown, steps: usize) -> Vec<Option<u32>> {
    let stepped = panic::catch_unwind(AssertUnwindSafe(|| {
        (0..steps).map(|_| count.next()).collect::<Vec<_>>()
    }));
    stepped.unwrap_or_else(|payload| {
        let message = kit::exercise::panic_message(&*payload).unwrap_or_default();
        if message.contains("subtract with overflow") {
            EXERCISE.fail(
                "next() stepped below 0: `0 - 1` on a u32 panics (\"attempt to subtract with \
                 overflow\"). Python's `while num >= 0` cannot be copied as it is: a u32 is \
                 never below 0. Find out that 0 was the last number *before* stepping, and \
                 remember that the countdown has finished (an Option<u32> holds both).",
            );
        }
        panic::resume_unwind(payload)
    })
}

/// Everything `Countdown::new(from)` yields, up to a few more steps than it should.
fn all_of(from: u32) -> Vec<u32> {
    let mut count = Countdown::new(from);
    let steps = usize::try_from(from).expect("small test numbers") + 3;
    take(&mut count, steps)
        .into_iter()
        .map_while(|n| n)
        .collect()
}

/// Fails if `Countdown` is bigger than a generator's state: before a test builds a
/// countdown from `u32::MAX`, which an answer that computes every number in
/// advance would try to fill memory with.
fn check_the_state_is_small() {
    let size = std::mem::size_of::<Countdown>();
    EXERCISE.check(
        size <= SMALL,
        format_args!(
            "Countdown takes {size} bytes. A generator keeps only the locals it needs \
             between steps: here, one number and a way to tell that it has finished \
             ({SMALL} bytes at most, for example an Option<u32>). Don't compute all the \
             numbers in advance: a countdown from u32::MAX would need 16 GiB."
        ),
    );
}

#[test]
fn counts_down_to_zero_inclusive() {
    EXERCISE.run(|| {
        let numbers = all_of(3);
        let why = match numbers.as_slice() {
            [3, 2, 1] => {
                "Countdown::new(3) stopped at 1: 0 is part of the countdown too \
                 (Python's `while num >= 0` yields it). Stop *after* 0, not before it."
            }
            [2, 1, 0] => {
                "Countdown::new(3) started at 2: the first number is missing. Return the \
                 current number first, then step to the next one."
            }
            _ => "Countdown::new(3) should yield 3, 2, 1 and 0, then stop.",
        };
        EXERCISE.check_eq(numbers, vec![3, 2, 1, 0], why);
    });
}

#[test]
fn zero_yields_zero_then_stops() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            all_of(0),
            vec![0],
            "Countdown::new(0) should yield 0 once, then stop.",
        );
    });
}

#[test]
fn suspends_between_calls() {
    EXERCISE.run(|| {
        check_the_state_is_small();
        let mut count = Countdown::new(u32::MAX);
        let first_three = take(&mut count, 3);
        EXERCISE.check(
            first_three[0].is_some(),
            "Countdown::new(u32::MAX) yielded nothing at all. Is u32::MAX your marker for \
             \"finished\"? Every u32 is a number a countdown can start from, so \"finished\" \
             needs a place of its own (an Option<u32> has one: None).",
        );
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
        EXERCISE.check_eq(
            take(&mut count, 6),
            vec![Some(1), Some(0), None, None, None, None],
            "After the countdown returns None, every later call to next() should return None too.",
        );
    });
}

#[test]
fn the_state_is_small() {
    EXERCISE.run(|| {
        EXERCISE.check_eq(
            all_of(2),
            vec![2, 1, 0],
            "Countdown::new(2) should yield 2, 1 and 0.",
        );
        check_the_state_is_small();
    });
}
