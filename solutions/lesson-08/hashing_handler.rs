//! Exercise `hashing_handler`: a request handler that crunches without stalling the
//! other requests.
//!
//! Test it: `cargo test -p lesson-08 --test hashing_handler`

use std::num::NonZero;
use std::sync::{Arc, OnceLock};
use std::thread;
use tokio::sync::Semaphore;
use tokio::task::spawn_blocking;

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
    // Hashing computes: more hashes at once than cores only take turns, and the
    // server's own thread queues behind them. Wait for a core's permit first.
    let _permit = hashing_permits()
        .acquire()
        .await
        .expect("the semaphore is never closed");
    let text = text.to_owned();
    let digest = spawn_blocking(move || hasher(text.as_bytes()))
        .await
        .expect("the hasher panicked");
    format!("{digest:016x}")
}

/// One permit per core, shared by every request of the process: the blocking pool
/// has up to 512 threads, made for work that waits, not for work that computes.
fn hashing_permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(thread::available_parallelism().map_or(1, NonZero::get)))
}
