//! An `async` block is compiled into a state machine: a value that holds what
//! must survive each suspension point, and nothing else.

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
        ("keeps_a_buffer()", size(keeps_a_buffer())),
        ("drops_the_buffer_first()", size(drops_the_buffer_first())),
    ]
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
