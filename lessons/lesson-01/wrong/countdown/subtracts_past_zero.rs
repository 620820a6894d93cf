// Wrong: I step to the next number before checking whether 0 was the last one, so 0 - 1 panics
// Caught by counts_down_to_zero_inclusive: "next() stepped below 0"
//! Exercise `countdown`: the talk's countdown generator, as a hand-written state machine.

/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    num: u32,
    finished: bool,
}

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        Countdown {
            num: from,
            finished: false,
        }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.finished {
            return None;
        }
        // Python's loop body: `yield num`, then `num -= 1`.
        let current = self.num;
        self.num -= 1;
        self.finished = current == 0;
        Some(current)
    }
}
