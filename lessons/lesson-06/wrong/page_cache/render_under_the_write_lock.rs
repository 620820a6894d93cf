// Wrong: take the write lock first, so that a page is never rendered twice, then look, render and store
// Caught by readers_go_on_while_a_page_renders: "render ran with a lock held"
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
        // One writer at a time: nobody else can render this page meanwhile.
        let mut pages = self.pages.write().unwrap();
        if let Some(page) = pages.get(url) {
            return page.clone();
        }
        let page = render(url);
        pages.insert(url.to_owned(), page.clone());
        page
    }
}
