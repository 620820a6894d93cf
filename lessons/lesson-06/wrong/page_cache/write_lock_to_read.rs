// Wrong: `with_page` takes the write lock, to be safe, like one `threading.Lock` around everything
// Caught by two_readers_are_inside_at_once: "Only one reader was let in at a time"

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
        // The write lock: nobody can change the page while we read it.
        let pages = self.pages.write().unwrap();
        pages.get(url).map(|page| read(page))
    }

    /// The page for `url`: the cached one, or else `render(url)`, stored for next
    /// time. `render` is slow, so it runs with no lock held: readers of other pages
    /// never wait for it. If another thread stored a page for `url` while this one
    /// was rendering, the stored page wins: it is returned, and this render dropped.
    pub fn get_or_render(&self, url: &str, render: impl FnOnce(&str) -> String) -> String {
        // The read guard is a temporary here: it is dropped at the end of this
        // statement, before the write lock below is asked for. A read guard still
        // alive there would make this thread wait for itself.
        if let Some(page) = self.pages.read().unwrap().get(url).cloned() {
            return page;
        }
        let page = render(url);
        let mut pages = self.pages.write().unwrap();
        // Look again: between the read and the write another thread may have
        // stored this page. Keep the first one, so every caller sees the same page.
        pages.entry(url.to_owned()).or_insert(page).clone()
    }
}
