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

/// The fingerprint of `page`, computed by `hasher` on rayon's pool while this task
/// waits without holding a runtime thread.
pub async fn fingerprint(page: Bytes, hasher: Hasher) -> Fingerprint {
    let (done, answer) = oneshot::channel();
    rayon::spawn(move || {
        // The task may have been cancelled meanwhile: nobody to tell, then.
        let _ = done.send(hasher(&page));
    });
    answer.await.expect("the hasher panicked")
}
