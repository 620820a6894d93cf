// Wrong: a helper that runs the hash on rayon's pool in a `rayon::scope` and returns its answer
// Caught by the_heartbeat_keeps_beating: "`rayon::scope` or `install`"
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
    on_the_pool(move || hasher(&page))
}

/// Runs `work` on rayon's pool.
fn on_the_pool<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let mut out = None;
    rayon::scope(|s| s.spawn(|_| out = Some(work())));
    out.expect("the work ran")
}
