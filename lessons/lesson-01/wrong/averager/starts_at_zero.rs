// Wrong: my averager starts with an average of 0 and yields Some(0.0) when primed
// Caught by priming_yields_none: "nothing has been averaged yet"
//! Exercise `averager`: a generator that receives values, Python's `send()`.

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

/// A running average that you feed one number at a time.
pub fn averager() -> Gen<Option<f64>, f64, impl Future<Output = ()>> {
    Gen::new(|co| async move {
        let mut total = 0.0;
        let mut count = 0u32;
        let mut average = 0.0;
        loop {
            let value = co.yield_(Some(average)).await;
            total += value;
            count += 1;
            average = total / f64::from(count);
        }
    })
}

/// Feeds `values` to a fresh [`averager`], one by one, and returns the average it
/// yields after each of them.
pub fn averages(values: &[f64]) -> Vec<f64> {
    let mut averager = averager();
    averager.resume_with(0.0);
    values
        .iter()
        .map(|&value| match averager.resume_with(value) {
            GeneratorState::Yielded(Some(average)) => average,
            other => panic!("a primed averager yields an average, not {other:?}"),
        })
        .collect()
}
