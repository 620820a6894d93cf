//! Exercise `averager`: a generator that receives values, Python's `send()`.
//!
//! In genawaiter, `co.yield_(value).await` does two things: it hands `value` out
//! to the caller, and when the caller resumes the generator with
//! `resume_with(x)`, the `.await` evaluates to `x`. Yield and receive in one step.
//!
//! Test it: `cargo test -p lesson-01 --test averager`

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

// ANCHOR: stub
/// A running average that you feed one number at a time.
///
/// - When first resumed (primed), it runs up to its first `yield_` and yields
///   `None`: nothing has been averaged yet.
/// - After that, every number sent in with `resume_with` is added to the
///   average, and it yields `Some(average of every number sent so far)`.
/// - It never completes.
pub fn averager() -> Gen<Option<f64>, f64, impl Future<Output = ()>> {
    // Keep your running state (a total and a count) in local variables inside
    // the async block: the generator keeps them alive between resumes.
    Gen::new(|co| async move {
        todo!("yield None first, then the running average after each number received")
    })
}

/// Feeds `values` to a fresh [`averager`], one by one, and returns the average it
/// yields after each of them (so the result is as long as `values`).
///
/// Remember priming: the first `resume_with` only starts the generator, and the
/// value passed to it is dropped, not averaged.
pub fn averages(values: &[f64]) -> Vec<f64> {
    todo!("prime a fresh averager, then send each value and collect what it yields: {values:?}")
}
// ANCHOR_END: stub
