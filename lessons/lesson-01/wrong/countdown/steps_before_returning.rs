// Wrong: I take the step first and then return the new number, so the first number is lost
// Caught by counts_down_to_zero_inclusive: "the first number is missing"
//! Exercise `countdown`: the talk's countdown generator, as a hand-written state machine.

/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    /// Where the countdown is; `None` once it has finished.
    current: Option<u32>,
}

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        Countdown {
            current: Some(from),
        }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        self.current = self.current?.checked_sub(1);
        self.current
    }
}
