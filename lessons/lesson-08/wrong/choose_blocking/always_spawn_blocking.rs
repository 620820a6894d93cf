// Wrong: spawn_blocking works on both runtimes, so one copy costs little and keeps it simple
// Caught by multi_thread_runtime_works_in_place: "The work ran on another thread"
// Draws: "work, another thread"
//! Exercise `choose_blocking`: pick `block_in_place` or `spawn_blocking` by the
//! runtime's flavour.
//!
//! Test it: `cargo test -p lesson-08 --test choose_blocking`

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
    let owned = data.to_vec();
    spawn_blocking(move || work(&owned))
        .await
        .expect("the work panicked")
}
