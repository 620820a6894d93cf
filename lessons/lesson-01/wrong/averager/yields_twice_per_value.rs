// Wrong: my averager receives a number with one yield and hands out the average with a second yield
// Caught by yields_the_running_average_of_what_was_sent: "It yields twice per number"
//! Exercise `averager`: a generator that receives values, Python's `send()`.

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

/// A running average that you feed one number at a time.
pub fn averager() -> Gen<Option<f64>, f64, impl Future<Output = ()>> {
    Gen::new(|co| async move {
        let mut total = 0.0;
        let mut count = 0u32;
        loop {
            // Receive the next number...
            let value = co.yield_(None).await;
            total += value;
            count += 1;
            // ...then send the average back.
            co.yield_(Some(total / f64::from(count))).await;
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
        .filter_map(|&value| match averager.resume_with(value) {
            GeneratorState::Yielded(average) => average,
            GeneratorState::Complete(()) => None,
        })
        .collect()
}
