// Wrong: I stop when the number reaches 0, so the countdown never says 0
// Caught by counts_down_to_zero_inclusive: "0 is part of the countdown too"
//! Exercise `countdown`: the talk's countdown generator, as a hand-written state machine.

/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    /// The number the next call returns.
    num: u32,
}

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        Countdown { num: from }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        // `while num > 0`: a u32 cannot go below 0, so stop at 0.
        if self.num == 0 {
            return None;
        }
        let current = self.num;
        self.num -= 1;
        Some(current)
    }
}
