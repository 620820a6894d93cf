//! The chapters link to the workspace's files (`../lessons/lesson-05/`,
//! `../exercises/lesson-05/hedged.rs`), which is right for a reader of the Markdown or of
//! the book built next to the checkout. A reader of the published book has no checkout,
//! and a reader of the served book has only what the server serves. This preprocessor
//! points those links where each reader can follow them.

use anyhow::Result;
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::path::Path;

/// Who will read the book, and so where its links to the workspace should go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readers {
    /// Opened from `book-html/` beside the checkout: relative links work as written.
    Local,
    /// Published online: links go to the repository's files, at this address.
    Web { repository: String },
    /// Served by `cargo workbook book --serve`: links go to the server's copy route.
    Served,
}

/// Where the server answers with the workspace's own files.
pub const SERVED_PREFIX: &str = "/workspace/";

pub struct SourceLinks {
    pub readers: Readers,
    /// The workspace root, to tell a folder (`tree`) from a file (`blob`) on the web.
    pub root: std::path::PathBuf,
}

impl Preprocessor for SourceLinks {
    fn name(&self) -> &str {
        "workbook-source-links"
    }

    fn run(&self, _context: &PreprocessorContext, mut book: Book) -> Result<Book> {
        if self.readers == Readers::Local {
            return Ok(book);
        }
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                chapter.content = self.rewrite(&chapter.content);
            }
        });
        Ok(book)
    }
}

impl SourceLinks {
    /// Every Markdown link target that starts with `../` (out of `book/`, into the
    /// workspace) becomes an address the readers can reach.
    pub fn rewrite(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("](../") {
            out.push_str(&rest[..at + 2]);
            let target_start = &rest[at + 2..];
            let end = target_start.find([')', ' ']).unwrap_or(target_start.len());
            let target = &target_start[..end];
            // From a page in a folder of the book (`teaching/`), `../` may lead to
            // another page of the book, which is no file of the workspace.
            let page = self
                .root
                .join("book")
                .join(target.trim_start_matches("../"));
            if page.extension().is_some_and(|ext| ext == "md") && page.is_file() {
                out.push_str(target);
            } else {
                out.push_str(&self.address(target.trim_start_matches("../")));
            }
            rest = &target_start[end..];
        }
        out.push_str(rest);
        out
    }

    fn address(&self, path: &str) -> String {
        let (path, anchor) = match path.split_once('#') {
            Some((path, anchor)) => (path, format!("#{anchor}")),
            None => (path, String::new()),
        };
        match &self.readers {
            Readers::Local => format!("../{path}{anchor}"),
            Readers::Served => format!("{SERVED_PREFIX}{path}{anchor}"),
            Readers::Web { repository } => {
                let kind = if self.root.join(path).is_dir() {
                    "tree"
                } else {
                    "blob"
                };
                let path = path.trim_end_matches('/');
                format!(
                    "{}/{kind}/main/{path}{anchor}",
                    repository.trim_end_matches('/')
                )
            }
        }
    }
}

/// The local path a link of the web build points at, when it points into the repository.
pub fn repository_path<'a>(repository: &str, url: &'a str) -> Option<&'a str> {
    let rest = url.strip_prefix(repository.trim_end_matches('/'))?;
    let rest = rest
        .strip_prefix("/blob/main/")
        .or_else(|| rest.strip_prefix("/tree/main/"))?;
    Some(rest.split('#').next().unwrap_or(rest))
}

/// Is `path` inside the workspace and one of its files or folders?
pub fn exists_in(root: &Path, path: &str) -> bool {
    !path.split('/').any(|part| part == "..") && root.join(path).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(readers: Readers) -> SourceLinks {
        SourceLinks {
            readers,
            root: Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        }
    }

    #[test]
    fn links_into_the_workspace_follow_the_readers() {
        let text = "See [`lessons/lesson-05`](../lessons/lesson-05/) and \
                    [the stub](../exercises/lesson-05/hedged.rs), not [a chapter](lesson-06-locks.md).";
        let web = links(Readers::Web {
            repository: "https://github.com/o/r".into(),
        })
        .rewrite(text);
        assert!(web.contains("(https://github.com/o/r/tree/main/lessons/lesson-05)"));
        assert!(web.contains("(https://github.com/o/r/blob/main/exercises/lesson-05/hedged.rs)"));
        assert!(web.contains("(lesson-06-locks.md)"));
        let served = links(Readers::Served).rewrite(text);
        assert!(served.contains("(/workspace/lessons/lesson-05/)"));
        assert_eq!(links(Readers::Local).rewrite(text), text);
    }

    #[test]
    fn web_links_map_back_to_workspace_paths() {
        let repo = "https://github.com/o/r";
        assert_eq!(
            repository_path(repo, "https://github.com/o/r/blob/main/kit/src/lib.rs#L3"),
            Some("kit/src/lib.rs")
        );
        assert_eq!(repository_path(repo, "https://docs.rs/tokio"), None);
    }
}
