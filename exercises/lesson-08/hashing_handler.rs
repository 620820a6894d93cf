//! Exercise `hashing_handler`: a request handler that crunches without stalling the
//! other requests.
//!
//! Test it: `cargo test -p lesson-08 --test hashing_handler`

use std::sync::Arc;
use tokio::task::spawn_blocking;

// ANCHOR: stub
/// A slow hash: [`crate::hash::stretch`] in the demo, a stand-in in the tests.
pub type Hasher = Arc<dyn Fn(&[u8]) -> u64 + Send + Sync>;

/// Answers one request to the lesson's server:
///
/// - `/ping`: `pong`;
/// - `/hash/TEXT`: `hasher(TEXT's bytes)` as 16 lowercase hex digits;
/// - anything else: `no such page`.
///
/// The server runs every request on one thread, so the hashing must happen elsewhere.
pub async fn answer(path: String, hasher: Hasher) -> String {
    // `path.strip_prefix("/hash/")` finds the text; `format!("{digest:016x}")`
    // writes a `u64` as 16 hex digits. While `hasher` runs, the thread that runs it
    // does nothing else: make sure that is not the server's thread.
    todo!("answer {path}")
}
// ANCHOR_END: stub
