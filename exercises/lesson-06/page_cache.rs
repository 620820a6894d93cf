//! Exercise `page_cache`: a cache of rendered pages that many threads read at once.
//!
//! Reads are many and writes are few, so a `Mutex`, which lets one thread in at a
//! time even when all of them only read, makes readers queue for nothing. An
//! `RwLock` lets any number of readers in together, or one writer alone.
//!
//! Test it: `cargo test -p lesson-06 --test page_cache`

use std::collections::HashMap;
use std::sync::RwLock;

// ANCHOR: stub
/// Rendered pages by URL.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, String>>,
}

impl PageCache {
    pub fn new() -> PageCache {
        PageCache::default()
    }

    /// Runs `read` on the cached page for `url` without copying it, and returns what
    /// `read` returns; `None` if the page is not cached. Many threads may be inside
    /// `read` at the same time.
    pub fn with_page<R>(&self, url: &str, read: impl FnOnce(&str) -> R) -> Option<R> {
        // Which lock lets two readers in at the same time?
        todo!("run `read` on the page for {url}, if it is cached")
    }

    /// The page for `url`: the cached one, or else `render(url)`, stored for next
    /// time. `render` is slow, so it runs with no lock held: readers of other pages
    /// never wait for it. If another thread stored a page for `url` while this one
    /// was rendering, the stored page wins: it is returned, and this render dropped.
    pub fn get_or_render(&self, url: &str, render: impl FnOnce(&str) -> String) -> String {
        // Three steps: look (read lock), render (no lock), store (write lock).
        // Mind two things. A guard lives until the end of its scope, and a thread
        // that holds the read lock and asks for the write lock waits for itself.
        // And between your look and your store, another thread may have stored
        // this page: `HashMap::entry` can keep the page that is already there.
        todo!("return the cached page for {url}, or render and store it")
    }
}
// ANCHOR_END: stub
