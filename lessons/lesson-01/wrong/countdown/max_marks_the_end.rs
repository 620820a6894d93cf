// Wrong: I use u32::MAX to mean "finished", the way Python code uses -1
// Caught by suspends_between_calls: "Is u32::MAX your marker"
//! Exercise `countdown`: the talk's countdown generator, as a hand-written state machine.

/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    /// The number the next call returns, or `FINISHED`.
    num: u32,
}

/// No countdown goes up, so the largest u32 can mean "nothing left".
const FINISHED: u32 = u32::MAX;

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        Countdown { num: from }
    }
}

impl Iterator for Countdown {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.num == FINISHED {
            return None;
        }
        let current = self.num;
        self.num = current.checked_sub(1).unwrap_or(FINISHED);
        Some(current)
    }
}
