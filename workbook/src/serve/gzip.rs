//! gzip for the answers worth it: text (HTML, CSS, JavaScript, SVG, JSON) that the
//! browser says it can unpack. The book's search index is 1.7 MB of JavaScript and
//! about a quarter of that gzipped; fonts and pictures are compressed already.

use flate2::Compression;
use flate2::write::GzEncoder;
use hyper::body::Bytes;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// Below this, gzip's own header and the work cost more than they save.
const WORTH_IT: usize = 1024;

/// Does an `Accept-Encoding` header accept gzip? `gzip;q=0` means "anything but".
pub fn accepted(accept_encoding: &str) -> bool {
    accept_encoding.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|parameter| {
            parameter
                .strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// Is an answer of this type and size worth compressing?
pub fn worth_it(content_type: &str, size: usize) -> bool {
    let text = content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("image/svg+xml");
    text && size >= WORTH_IT
}

/// `bytes`, gzipped. At the fastest level: each answer is compressed as it is sent,
/// and level 1 already gets most of the saving (the search index: 1.76 MB to 0.45 MB).
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("writing to memory does not fail")
}

/// The book's files gzipped, each once per build. A browser asks for the same scripts
/// and stylesheets on every page, and gzipping the search index takes about 90 ms in
/// the debug build `cargo workbook` runs: 32 connections asking for it at once would
/// otherwise keep both cores busy for seconds.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    build: u64,
    /// One cell per path: whoever asks first compresses, the others wait for that.
    gzipped: HashMap<String, Arc<OnceLock<Bytes>>>,
}

impl Cache {
    /// `bytes` (the answer for `path` in build `build`) gzipped, compressed only if no
    /// one has yet in this build.
    pub fn gzipped(&self, build: u64, path: &str, bytes: &[u8]) -> Bytes {
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if entries.build != build {
                // A new build: every file may have changed.
                entries.build = build;
                entries.gzipped.clear();
            }
            Arc::clone(entries.gzipped.entry(path.to_owned()).or_default())
        };
        // Compressing outside the lock: answers for other paths go on meanwhile.
        cell.get_or_init(|| Bytes::from(compress(bytes))).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    #[test]
    fn gzip_is_used_when_the_browser_accepts_it() {
        assert!(accepted("gzip, deflate, br, zstd"));
        assert!(accepted("br;q=1.0, GZIP;q=0.5"));
        assert!(accepted("*"));
        assert!(!accepted("gzip;q=0, br"));
        assert!(!accepted("identity"));
        assert!(!accepted(""));
    }

    #[test]
    fn only_text_is_worth_compressing() {
        assert!(worth_it("text/html; charset=utf-8", 5000));
        assert!(worth_it("image/svg+xml", 5000));
        assert!(!worth_it("text/html; charset=utf-8", 100));
        assert!(!worth_it("font/woff2", 5000));
    }

    #[test]
    fn what_is_compressed_unpacks_to_the_same_bytes() {
        let text = "Spinning plates. ".repeat(200);
        let packed = compress(text.as_bytes());
        assert!(packed.len() < text.len() / 10);
        let mut unpacked = String::new();
        GzDecoder::new(&packed[..])
            .read_to_string(&mut unpacked)
            .expect("valid gzip");
        assert_eq!(unpacked, text);
    }

    #[test]
    fn a_file_is_compressed_once_per_build() {
        let cache = Cache::default();
        let first = cache.gzipped(1, "/a.js", b"first");
        // Same build, same path: the bytes passed are not even looked at.
        assert_eq!(cache.gzipped(1, "/a.js", b"second"), first);
        assert_ne!(cache.gzipped(2, "/a.js", b"second"), first);
    }
}
