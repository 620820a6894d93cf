//! Exercise `countdown`: the talk's countdown generator, as a hand-written state machine.
//!
//! A generator keeps its local variables alive between two calls to `next()`.
//! Here there is no generator to do that for you: the struct *is* the state that
//! survives, and `next` is one step of the body. Decide what the struct must hold.
//!
//! Test it: `cargo test -p lesson-01 --test countdown`

// ANCHOR: stub
/// Counts down from a number to 0 (both included), one number per call to `next`.
#[derive(Debug)]
pub struct Countdown {
    // TODO: the fields that remember where the countdown is.
}

impl Countdown {
    /// A countdown that will yield `from`, `from - 1`, ..., `0` and then stop.
    pub fn new(from: u32) -> Self {
        todo!("build the starting state for a countdown from {from}")
    }
}

impl Iterator for Countdown {
    type Item = u32;

    /// One step: return the next number, or `None` once 0 has been returned.
    /// After `None`, every later call must return `None` too.
    fn next(&mut self) -> Option<u32> {
        // Careful: Python's `while num >= 0` has no Rust twin for `u32`,
        // and `0 - 1` on a `u32` panics in a debug build.
        todo!("return the current number and move the state one step on")
    }
}
// ANCHOR_END: stub
