//! Reference solution for the `delegate` exercise.

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
        // Priming `inner` happens here, inside the body, so that building the
        // wrapper runs nothing: Python's `yield from` also primes with `None`.
        let mut state = inner.resume_with(String::new());
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
