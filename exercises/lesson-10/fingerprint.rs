//! Milestone 3, `fingerprint`: hash each page on a CPU pool, so that the runtime's
//! threads keep running tasks meanwhile (lessons 02 and 08).
//!
//! Test it: `cargo test -p lesson-10 --test fingerprint`

use crate::Fingerprint;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::sync::oneshot;

/// A function from a page to its fingerprint: CPU work, which can take a while for
/// a large page.
pub type Hasher = Arc<dyn Fn(&[u8]) -> Fingerprint + Send + Sync>;

/// The monitor's hasher: the first 8 bytes of the page's SHA-256.
pub fn sha256_hasher() -> Hasher {
    Arc::new(|page: &[u8]| {
        let digest = Sha256::digest(page);
        u64::from_be_bytes(digest[..8].try_into().expect("a SHA-256 has 32 bytes"))
    })
}

// ANCHOR: stub
/// The fingerprint of `page`, computed by `hasher` on rayon's pool while this task
/// waits without holding a runtime thread.
pub async fn fingerprint(page: Bytes, hasher: Hasher) -> Fingerprint {
    // `hasher(&page)` is CPU work: called right here, it runs on the runtime's thread
    // and every other task on that thread waits. Lesson 08 sends such work to a pool
    // (rayon, with a oneshot channel for the answer, or `spawn_blocking`).
    todo!("fingerprint a page of {} bytes off the runtime", page.len())
}
// ANCHOR_END: stub
