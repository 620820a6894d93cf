// Wrong: I prime the inner generator as soon as the wrapper is built, the way Python's wrapper calls next() first
// Caught by nothing_runs_before_the_wrapper_is_resumed: "Building the wrapper should not start the inner generator"
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
    // Prime it first, so that it is ready to receive.
    let mut state = inner.resume_with(String::new());
    Gen::new(|co| async move {
        let mut number = 0;
        loop {
            match state {
                GeneratorState::Yielded(line) => {
                    number += 1;
                    let sent = co.yield_(format!("{number}: {line}")).await;
                    state = inner.resume_with(sent);
                }
                GeneratorState::Complete(result) => return result,
            }
        }
    })
}
