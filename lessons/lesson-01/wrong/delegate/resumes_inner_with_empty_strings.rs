// Wrong: my wrapper drives the inner generator like a `for` loop, resuming it with empty Strings
// Caught by passes_sent_values_to_the_inner_generator: "is a `for` loop, not `yield from`"
//! Exercise `delegate`: Python's `yield from`, written out by hand.

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

/// Wraps `inner` the way `yield from inner` would, and numbers what comes out.
pub fn numbered<F>(
    mut inner: Gen<String, String, F>,
) -> Gen<String, String, impl Future<Output = F::Output>>
where
    F: Future,
{
    Gen::new(|co| async move {
        let mut number = 0;
        loop {
            match inner.resume_with(String::new()) {
                GeneratorState::Yielded(line) => {
                    number += 1;
                    co.yield_(format!("{number}: {line}")).await;
                }
                GeneratorState::Complete(result) => return result,
            }
        }
    })
}
