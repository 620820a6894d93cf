// Wrong: my count starts at 1, as if the priming value counted, so every average divides by one too many
// Caught by averages_primes_before_sending: "the running average of every value so far"
//! Reference solution for the `averager` exercise.

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

/// A running average that you feed one number at a time: yields `None` when
/// primed, then the average of everything received so far after each value.
pub fn averager() -> Gen<Option<f64>, f64, impl Future<Output = ()>> {
    Gen::new(|co| async move {
        let mut total = 0.0;
        let mut count = 1u32;
        let mut average = None;
        loop {
            let value = co.yield_(average).await;
            total += value;
            count += 1;
            average = Some(total / f64::from(count));
        }
    })
}

/// Feeds `values` to a fresh [`averager`] and returns the average after each one.
pub fn averages(values: &[f64]) -> Vec<f64> {
    let mut averager = averager();
    // Priming: the argument is dropped; the generator runs to its first `yield_`.
    averager.resume_with(0.0);
    values
        .iter()
        .map(|&value| match averager.resume_with(value) {
            GeneratorState::Yielded(Some(average)) => average,
            other => unreachable!("a primed averager always yields an average, not {other:?}"),
        })
        .collect()
}
