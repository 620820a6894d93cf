// Wrong: the hash runs on a thread of its own, and the handler joins it for the digest
// Caught by a_hash_does_not_stall_a_ping: "the hasher ran on another thread, but the server's only thread"
// Draws: "no answer to the ping"
//! Exercise `hashing_handler`: a request handler that crunches without stalling the
//! other requests.
//!
//! Test it: `cargo test -p lesson-08 --test hashing_handler`

use std::sync::Arc;
use std::thread;

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
    let digest = thread::spawn(move || hasher(text.as_bytes()))
        .join()
        .expect("the hasher panicked");
    format!("{digest:016x}")
}
