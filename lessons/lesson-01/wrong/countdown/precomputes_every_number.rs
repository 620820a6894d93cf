// Wrong: I build the list of numbers in `new`, like Python's list(range(n, -1, -1)), and hand them out
// Caught by the_state_is_small: "Don't compute all the numbers in advance"
//! Exercise `countdown`: the talk's countdown generator, as a hand-written state machine.

/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    /// Every number still to come, the next one last.
    numbers: Vec<u32>,
}

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        Countdown {
            numbers: (0..=from).collect(),
        }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        self.numbers.pop()
    }
}
