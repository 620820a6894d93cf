// Wrong: one `Mutex` around the map, like `threading.Lock()`: a read is quick, so nobody waits long
// Caught by two_readers_are_inside_at_once: "Only one reader was let in at a time"
// Draws: "peak 1"

use std::collections::HashMap;
use std::sync::Mutex;

/// Rendered pages by URL.
#[derive(Debug, Default)]
pub struct PageCache {
    // One lock, like `threading.Lock()`: reads are quick anyway.
    pages: Mutex<HashMap<String, String>>,
}

impl PageCache {
    pub fn new() -> PageCache {
        PageCache::default()
    }

    /// Runs `read` on the cached page for `url` without copying it, and returns what
    /// `read` returns; `None` if the page is not cached. Many threads may be inside
    /// `read` at the same time.
    pub fn with_page<R>(&self, url: &str, read: impl FnOnce(&str) -> R) -> Option<R> {
        let pages = self.pages.lock().unwrap();
        pages.get(url).map(|page| read(page))
    }

    /// The page for `url`: the cached one, or else `render(url)`, stored for next
    /// time. `render` is slow, so it runs with no lock held: readers of other pages
    /// never wait for it. If another thread stored a page for `url` while this one
    /// was rendering, the stored page wins: it is returned, and this render dropped.
    pub fn get_or_render(&self, url: &str, render: impl FnOnce(&str) -> String) -> String {
        // The guard is a temporary here: it is dropped at the end of this statement.
        if let Some(page) = self.pages.lock().unwrap().get(url).cloned() {
            return page;
        }
        let page = render(url);
        let mut pages = self.pages.lock().unwrap();
        // Look again: between the two locks another thread may have
        // stored this page. Keep the first one, so every caller sees the same page.
        pages.entry(url.to_owned()).or_insert(page).clone()
    }
}
