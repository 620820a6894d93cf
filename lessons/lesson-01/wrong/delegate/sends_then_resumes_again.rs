// Wrong: for each step I send the value in, then resume once more for the next line, like send() then next()
// Caught by passes_sent_values_to_the_inner_generator: "throws away the line that `send()` returned"
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
            // next(inner)
            match inner.resume_with(String::new()) {
                GeneratorState::Yielded(line) => {
                    number += 1;
                    let sent = co.yield_(format!("{number}: {line}")).await;
                    // inner.send(sent)
                    inner.resume_with(sent);
                }
                GeneratorState::Complete(result) => return result,
            }
        }
    })
}
