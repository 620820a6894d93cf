// Wrong: render while still holding the read guard of the lookup (readers can share it), and let it go just before the write
// Caught by the_page_stored_first_wins: "A rendered with a lock held"
// Draws: "[x"

use std::collections::HashMap;
use std::sync::RwLock;

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
        let pages = self.pages.read().unwrap();
        pages.get(url).map(|page| read(page))
    }

    /// The page for `url`: the cached one, or else `render(url)`, stored for next
    /// time. `render` is slow, so it runs with no lock held: readers of other pages
    /// never wait for it. If another thread stored a page for `url` while this one
    /// was rendering, the stored page wins: it is returned, and this render dropped.
    pub fn get_or_render(&self, url: &str, render: impl FnOnce(&str) -> String) -> String {
        let pages = self.pages.read().unwrap();
        if let Some(page) = pages.get(url) {
            return page.clone();
        }
        // Other readers can still come in while this one renders.
        let page = render(url);
        drop(pages);
        let mut pages = self.pages.write().unwrap();
        pages.entry(url.to_owned()).or_insert(page).clone()
    }
}
