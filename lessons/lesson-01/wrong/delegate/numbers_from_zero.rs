// Wrong: I number the lines before counting them, so the first line is "0: ..."
// Caught by numbers_what_comes_out: "the numbers start from 1"
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
        let mut state = inner.resume_with(String::new());
        let mut number = 0;
        loop {
            match state {
                GeneratorState::Yielded(line) => {
                    let sent = co.yield_(format!("{number}: {line}")).await;
                    number += 1;
                    state = inner.resume_with(sent);
                }
                GeneratorState::Complete(result) => return result,
            }
        }
    })
}
