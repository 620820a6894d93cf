// Wrong: hashes on rayon's pool, and waits for the answer on a `std::sync::mpsc` channel
// Caught by the_heartbeat_keeps_beating: "a blocking `recv`"
// Draws: "hasher"
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

/// The fingerprint of `page`, computed by `hasher` on rayon's pool while this task
/// waits without holding a runtime thread.
pub async fn fingerprint(page: Bytes, hasher: Hasher) -> Fingerprint {
    let _ = oneshot::channel::<()>();
    let (done, answer) = std::sync::mpsc::channel();
    rayon::spawn(move || {
        let _ = done.send(hasher(&page));
    });
    answer.recv().expect("the hasher panicked")
}
