// Wrong: the hash gets a task of its own with tokio::spawn, so the handler only awaits it
// Caught by a_hash_does_not_stall_a_ping: "a spawned task runs on the same"
// Draws: "hasher, server's thread"
//! Exercise `hashing_handler`: a request handler that crunches without stalling the
//! other requests.
//!
//! Test it: `cargo test -p lesson-08 --test hashing_handler`

use std::sync::Arc;

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
    if path == "/ping" {
        return "pong".to_owned();
    }
    let Some(text) = path.strip_prefix("/hash/") else {
        return "no such page".to_owned();
    };
    let text = text.to_owned();
    let digest = tokio::spawn(async move { hasher(text.as_bytes()) })
        .await
        .expect("the hasher panicked");
    format!("{digest:016x}")
}
