//! Exercise `delegate`: Python's `yield from`, written out by hand.
//!
//! A wrapper that only passes values *out* can be a `for` loop over the inner
//! generator (see `reader_wrapper` in the chapter). `yield from` does more: it also
//! passes every value *sent in* on to the inner generator, and it evaluates to
//! the inner generator's return value. Here you write all of that yourself.
//!
//! Test it: `cargo test -p lesson-01 --test delegate`

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::future::Future;

// ANCHOR: stub
/// Wraps `inner` the way `yield from inner` would, and numbers what comes out.
///
/// - Every line `inner` yields comes out of the wrapper numbered from 1:
///   `"1: <line>"`, `"2: <line>"`, ...
/// - Every value sent into the wrapper with `resume_with` goes on, unchanged,
///   to `inner`.
/// - When `inner` completes, the wrapper completes with the same value.
/// - Nothing runs, in the wrapper or in `inner`, until the wrapper is resumed.
pub fn numbered<F>(
    inner: Gen<String, String, F>,
) -> Gen<String, String, impl Future<Output = F::Output>>
where
    F: Future,
{
    // Inside the async block you drive `inner` with `resume_with` and `match`
    // on the `GeneratorState` it returns. `inner` needs priming too: its first
    // resume value is dropped, so any `String` will do.
    Gen::new(|co| async move {
        todo!("pass yields out (numbered), sent values in, and return what inner returns")
    })
}
// ANCHOR_END: stub
