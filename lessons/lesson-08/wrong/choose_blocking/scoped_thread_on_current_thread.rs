// Wrong: a scoped thread runs the work elsewhere and may borrow, so no copy on either runtime
// Caught by current_thread_runtime_uses_the_blocking_pool: "`std::thread::scope` joins before it returns"
// Draws: "no turn for another task"
//! Exercise `choose_blocking`: pick `block_in_place` or `spawn_blocking` by the
//! runtime's flavour.
//!
//! Test it: `cargo test -p lesson-08 --test choose_blocking`

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::task::block_in_place;

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
    match Handle::current().runtime_flavor() {
        RuntimeFlavor::MultiThread => block_in_place(|| work(data)),
        _ => std::thread::scope(|scope| {
            scope
                .spawn(|| work(data))
                .join()
                .expect("the work panicked")
        }),
    }
}
