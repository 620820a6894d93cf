// Wrong: store the page just rendered with `insert`, like `cache[url] = page`
// Caught by the_page_stored_first_wins: "A's store must keep B's page"

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
        if let Some(page) = self.pages.read().unwrap().get(url).cloned() {
            return page;
        }
        let page = render(url);
        self.pages
            .write()
            .unwrap()
            .insert(url.to_owned(), page.clone());
        page
    }
}
