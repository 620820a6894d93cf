//! The workspace's files the chapters link to (`/workspace/exercises/lesson-01/countdown.rs`),
//! as pages of the book: the code highlighted by the book's own highlight.js and styled
//! by its own stylesheets, with a link to the file itself (`?raw`). A folder is a list of
//! links. Only the folders the chapters link to, and nothing outside them.

use super::answers::{self, Answer};
use super::paths::file_or_dir;
use crate::source_links::SERVED_PREFIX;
use hyper::StatusCode;
use std::fs;
use std::path::Path;

/// The workspace's folders a served book may show.
const SHARED: [&str; 5] = ["lessons", "exercises", "solutions", "kit", "workbook"];

/// The answer for `path` (relative to the workspace), or `None` if there is nothing to
/// show there. `raw` asks for the file itself rather than its page.
pub fn answer(root: &Path, html_dir: &Path, path: &str, raw: bool) -> Option<Answer> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let top = path.split('/').next().unwrap_or("");
    if !SHARED.contains(&top) {
        return None;
    }
    let file = file_or_dir(root, path)?;
    if file.is_dir() {
        return Some(folder_page(html_dir, &file, path));
    }
    let language = language(&file);
    if let (Some(language), false) = (language, raw)
        && let Ok(code) = fs::read_to_string(&file)
    {
        return Some(code_page(html_dir, path, language, &code));
    }
    let body = fs::read(&file).ok()?;
    Some(Answer::ok(answers::content_type(&file), body))
}

/// The highlight.js name of a file's language, for the files shown as pages.
fn language(file: &Path) -> Option<&'static str> {
    match file.extension()?.to_str()? {
        "rs" => Some("rust"),
        "py" => Some("python"),
        "toml" => Some("toml"),
        "md" => Some("markdown"),
        _ => None,
    }
}

fn code_page(html_dir: &Path, path: &str, language: &str, code: &str) -> Answer {
    let name = escape(path);
    let body = format!(
        "<p><a href=\"/\">The book</a> · <a href=\"./\">Its folder</a> · \
         <a href=\"{SERVED_PREFIX}{name}?raw\">The file itself</a></p>\n\
         <pre><code class=\"language-{language}\">{}</code></pre>",
        escape(code)
    );
    Answer::html(StatusCode::OK, page(html_dir, path, &body))
}

fn folder_page(html_dir: &Path, folder: &Path, path: &str) -> Answer {
    let mut names: Vec<String> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok())
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            }
        })
        .collect();
    names.sort();
    let base = format!("{SERVED_PREFIX}{}/", path.trim_matches('/'));
    let items: String = names
        .iter()
        .map(|name| {
            let name = escape(name);
            format!("<li><a href=\"{}{name}\">{name}</a></li>\n", escape(&base))
        })
        .collect();
    // Up to the folder above, while that is still one the book may show.
    let up = if path.trim_matches('/').contains('/') {
        " · <a href=\"../\">Up</a>"
    } else {
        ""
    };
    let body = format!("<p><a href=\"/\">The book</a>{up}</p>\n<ul>\n{items}</ul>");
    Answer::html(StatusCode::OK, page(html_dir, path, &body))
}

/// A page in the book's light theme, titled with the file's path: the book's stylesheets,
/// icon and highlight.js, found in its built `index.html` because their names carry a hash.
fn page(html_dir: &Path, path: &str, body: &str) -> String {
    let index = fs::read_to_string(html_dir.join("index.html")).unwrap_or_default();
    let assets = Assets::of(&index);
    let links: String = assets
        .links
        .iter()
        .map(|(rel, href)| format!("<link rel=\"{rel}\" href=\"/{}\">\n", escape(href)))
        .collect();
    // mdBook's book.js highlights the chapters' code the same way.
    let highlight = assets.highlight_js.map_or(String::new(), |src| {
        format!(
            "<script src=\"/{}\"></script>\n\
             <script>document.querySelectorAll(\"pre code\").forEach((code) => hljs.highlightBlock(code));</script>\n",
            escape(src)
        )
    });
    let title = escape(path);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"light\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n{links}</head>\n<body>\n\
         <div id=\"mdbook-content\" class=\"content\"><main>\n<h1>{title}</h1>\n{body}\n</main></div>\n\
         {highlight}</body>\n</html>\n"
    )
}

/// The book's stylesheets, icons and highlight.js, as its `index.html` names them.
#[derive(Debug, PartialEq)]
struct Assets<'a> {
    /// `(rel, href)` of each `<link>` a source page needs.
    links: Vec<(&'a str, &'a str)>,
    highlight_js: Option<&'a str>,
}

impl<'a> Assets<'a> {
    fn of(index: &'a str) -> Assets<'a> {
        let tags = |name: &'static str| {
            index
                .match_indices(name)
                .filter_map(|(at, _)| index[at..].split_once('>').map(|(tag, _)| tag))
        };
        let links = tags("<link ")
            // Not the print styles, nor the dark themes' highlighting, which would
            // override the light one: mdBook's own script switches those by theme.
            .filter(|tag| !tag.contains("media=\"print\""))
            .filter(|tag| !tag.contains("tomorrow-night") && !tag.contains("ayu-highlight"))
            .filter_map(|tag| Some((attribute(tag, "rel")?, attribute(tag, "href")?)))
            .filter(|(rel, _)| ["stylesheet", "icon", "shortcut icon"].contains(rel))
            .collect();
        let highlight_js = tags("<script ")
            .filter_map(|tag| attribute(tag, "src"))
            .find(|src| src.starts_with("highlight"));
        Assets {
            links,
            highlight_js,
        }
    }
}

/// The value of `name="..."` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[start..];
    rest.find('"').map(|end| &rest[..end])
}

/// Text as it must be written inside HTML, and inside an attribute's quotes.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_assets_are_found_by_their_hashed_names() {
        let index = r#"<link rel="icon" href="favicon-1.svg">
            <link rel="stylesheet" href="css/general-e96d0476.css">
            <link rel="stylesheet" href="css/print-9e4910d8.css" media="print">
            <link rel="stylesheet" id="mdbook-highlight-css" href="highlight-493f70e1.css">
            <link rel="stylesheet" id="mdbook-tomorrow-night-css" href="tomorrow-night-4c0ae647.css">
            <script src="toc-f740c460.js"></script>
            <script src="highlight-abc7f01d.js"></script>"#;
        assert_eq!(
            Assets::of(index),
            Assets {
                links: vec![
                    ("icon", "favicon-1.svg"),
                    ("stylesheet", "css/general-e96d0476.css"),
                    ("stylesheet", "highlight-493f70e1.css"),
                ],
                highlight_js: Some("highlight-abc7f01d.js"),
            }
        );
    }

    #[test]
    fn code_is_escaped() {
        assert_eq!(
            escape("if a < b && c > \"d\" {}"),
            "if a &lt; b &amp;&amp; c &gt; &quot;d&quot; {}"
        );
    }

    #[test]
    fn only_the_shared_folders_are_served() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let html_dir = root.join("book-html");
        assert!(answer(&root, &html_dir, "Cargo.toml", true).is_none());
        assert!(answer(&root, &html_dir, "workbook/../Cargo.toml", true).is_none());
        assert!(answer(&root, &html_dir, "exercises/no-such-file.rs", true).is_none());
        let raw = answer(&root, &html_dir, "workbook/Cargo.toml?raw", true).expect("a file");
        assert_eq!(
            raw.body,
            fs::read(root.join("workbook/Cargo.toml")).expect("it is there")
        );
    }
}
