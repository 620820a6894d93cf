// Wrong: averages sends every value straight away, without priming the averager first
// Caught by averages_primes_before_sending: "the averager was not primed"
//! Exercise `averager`: a generator that receives values, Python's `send()`.

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

/// A running average that you feed one number at a time.
pub fn averager() -> Gen<Option<f64>, f64, impl Future<Output = ()>> {
    Gen::new(|co| async move {
        let mut total = 0.0;
        let mut count = 0u32;
        let mut average = None;
        loop {
            let value = co.yield_(average).await;
            total += value;
            count += 1;
            average = Some(total / f64::from(count));
        }
    })
}

/// Feeds `values` to a fresh [`averager`], one by one, and returns the average it
/// yields after each of them.
pub fn averages(values: &[f64]) -> Vec<f64> {
    let mut averager = averager();
    values
        .iter()
        .filter_map(|&value| match averager.resume_with(value) {
            GeneratorState::Yielded(average) => average,
            GeneratorState::Complete(()) => None,
        })
        .collect()
}
