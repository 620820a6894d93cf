// Wrong: a multi-thread runtime has other workers to run the other tasks, so I call the work here
// Caught by multi_thread_runtime_works_in_place: "The work blocked the runtime's only worker"
// Draws: "no turn for another task"
//! Exercise `choose_blocking`: pick `block_in_place` or `spawn_blocking` by the
//! runtime's flavour.
//!
//! Test it: `cargo test -p lesson-08 --test choose_blocking`

use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::task::spawn_blocking;

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
        RuntimeFlavor::MultiThread => work(data),
        _ => {
            let owned = data.to_vec();
            spawn_blocking(move || work(&owned))
                .await
                .expect("the work panicked")
        }
    }
}
