// Wrong: the hash runs on the blocking pool, and the handler yields to the others until it is finished
// Caught by a_hash_does_not_stall_a_ping: "That is busy waiting"
// Draws: "your task kept polling"
//! Exercise `hashing_handler`: a request handler that crunches without stalling the
//! other requests.
//!
//! Test it: `cargo test -p lesson-08 --test hashing_handler`

use std::sync::Arc;
use tokio::task::{spawn_blocking, yield_now};

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
    let hashing = spawn_blocking(move || hasher(text.as_bytes()));
    while !hashing.is_finished() {
        yield_now().await;
    }
    let digest = hashing.await.expect("the hasher panicked");
    format!("{digest:016x}")
}
