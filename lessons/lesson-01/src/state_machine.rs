//! An `async` block is compiled into a state machine: a value that holds what
//! must survive each suspension point, and nothing else.

use crate::generator::countdown;
use genawaiter::rc::{Co, Gen};
use std::future::Future;
use std::hint::black_box;
use std::mem::size_of_val;

/// Stands in for any `.await`: a point where the state machine can pause.
async fn pause() {}

// ANCHOR: sizes
/// Keeps nothing across its `.await`.
async fn keeps_nothing() {
    pause().await;
}

/// Keeps one number across its `.await`.
async fn keeps_a_number(n: u64) -> u64 {
    pause().await;
    n + 1
}

/// The same body as an `async move` block, which takes `n` when it is created.
// Clippy would have this written as an `async fn`: the difference is the point here.
#[allow(clippy::manual_async_fn)]
fn keeps_a_number_in_a_block(n: u64) -> impl Future<Output = u64> {
    async move {
        pause().await;
        n + 1
    }
}

/// Keeps a 1 KiB buffer across its `.await`: the buffer lives *inside* the future.
async fn keeps_a_buffer() -> u8 {
    let buffer = [7u8; 1024];
    pause().await;
    black_box(buffer)[0]
}

/// Uses a 1 KiB buffer but drops it before the `.await`, so there is nothing to keep.
async fn drops_the_buffer_first() -> u8 {
    let first = black_box([7u8; 1024])[0];
    pause().await;
    first
}
// ANCHOR_END: sizes

/// The size in bytes of each future above, as the compiler laid it out.
pub fn future_sizes() -> Vec<(&'static str, usize)> {
    fn size(future: impl Future) -> usize {
        size_of_val(&future)
    }
    vec![
        ("keeps_nothing()", size(keeps_nothing())),
        ("keeps_a_number(1)", size(keeps_a_number(1))),
        (
            "keeps_a_number_in_a_block(1)",
            size(keeps_a_number_in_a_block(1)),
        ),
        ("keeps_a_buffer()", size(keeps_a_buffer())),
        ("drops_the_buffer_first()", size(drops_the_buffer_first())),
    ]
}

/// The sizes of lesson 01's genawaiter countdown, [`countdown`]: the `Gen` its
/// caller holds, and the state machine of its body, which the `Gen` keeps on the
/// heap. genawaiter has no way to reach the body inside a `Gen`, so this builds a
/// second `Gen` with the same body and measures that body on its way in.
pub fn countdown_sizes(from: u32) -> (usize, usize) {
    let held = size_of_val(&countdown(from));
    let mut body_size = 0;
    let _twin = Gen::new(|co: Co<u32>| {
        // The body of `countdown`, word for word.
        let body = async move {
            for n in (0..=from).rev() {
                co.yield_(n).await;
            }
        };
        body_size = size_of_val(&body);
        body
    });
    (held, body_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_future_is_as_big_as_what_it_keeps_across_await() {
        let sizes: std::collections::HashMap<_, _> = future_sizes().into_iter().collect();
        assert!(sizes["keeps_a_buffer()"] >= 1024);
        assert!(sizes["drops_the_buffer_first()"] < 1024);
        assert!(sizes["keeps_a_number(1)"] >= 8);
    }
}
