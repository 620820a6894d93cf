//! Reference solution for the `countdown` exercise.

/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    /// The number the next call returns; `None` once 0 has been returned.
    next: Option<u32>,
}

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        Countdown { next: Some(from) }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let current = self.next?;
        // `checked_sub` is `None` exactly when `current` is 0: the countdown is over.
        self.next = current.checked_sub(1);
        Some(current)
    }
}
