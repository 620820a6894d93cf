//! Exercise `choose_blocking`: pick `block_in_place` or `spawn_blocking` by the
//! runtime's flavour.
//!
//! Test it: `cargo test -p lesson-08 --test choose_blocking`

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::task::{block_in_place, spawn_blocking};

// ANCHOR: stub
/// Runs `work` over `data` without stalling the runtime's other tasks, on either
/// flavour of runtime:
///
/// - multi-thread: in place, on this thread, borrowing `data` (no copy);
/// - current-thread (or anything else): on the blocking pool, which needs a copy.
pub async fn crunch<T, F>(data: &[u8], work: F) -> T
where
    F: FnOnce(&[u8]) -> T + Send + 'static,
    T: Send + 'static,
{
    // `Handle::current().runtime_flavor()` says which runtime this task runs on.
    // `block_in_place` runs a closure right here and may borrow, but panics on a
    // current-thread runtime. `spawn_blocking` works everywhere, but its closure
    // must own everything it uses: `data` is only borrowed.
    todo!(
        "run the work on {} bytes, the right way for this runtime",
        data.len()
    )
}
// ANCHOR_END: stub
