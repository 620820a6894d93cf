//! Milestone 3, `fingerprint`: hash each page on a CPU pool, so that the runtime's
//! threads keep running tasks meanwhile (lessons 02 and 08).
//!
//! Test it: `cargo test -p lesson-10 --test fingerprint`

use crate::Fingerprint;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::panic::{self, AssertUnwindSafe};
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
        // A panic on rayon's pool (with no `panic_handler`, as here) would abort the
        // whole process: caught, it travels back to this task instead.
        let hashed = panic::catch_unwind(AssertUnwindSafe(|| hasher(&page)));
        // The task may have been cancelled meanwhile: nobody to tell, then.
        let _ = done.send(hashed);
    });
    match answer
        .await
        .expect("the closure sends before it drops its sender")
    {
        Ok(fingerprint) => fingerprint,
        // The hasher's panic, raised again here: in the task that asked for the hash.
        Err(panic) => panic::resume_unwind(panic),
    }
}
