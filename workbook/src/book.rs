//! Building the book with mdBook as a library, and the checks mdBook does not make:
//! includes that point nowhere, links that point nowhere, chapters without their crate.

use crate::dedent::Dedent;
use crate::figures;
use crate::included;
use crate::lessons::Workbook;
use crate::source_links::{self, Readers, SourceLinks};
use crate::teaching::Teaching;
use anyhow::{Context, Result, anyhow};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use pulldown_cmark::{Event, Parser, Tag};
use std::fs;
use std::path::{Path, PathBuf};

/// Builds the book for `readers` into its build directory and returns where
/// `index.html` is. With `notes`, each chapter shows the instructor's speaker notes.
pub fn build(root: &Path, readers: Readers, notes: bool) -> Result<PathBuf> {
    build_into(root, readers, notes, None)
}

/// Builds the book for `readers`, into `dir` instead of the configured one if given.
pub fn build_into(
    root: &Path,
    readers: Readers,
    notes: bool,
    dir: Option<&Path>,
) -> Result<PathBuf> {
    let mut book =
        MDBook::load(root).map_err(|error| anyhow!("mdBook could not load the book: {error:#}"))?;
    if let Some(dir) = dir {
        book.config.build.build_dir = dir.to_path_buf();
    }
    // book.toml's site-url is where the published book lives; served or opened here,
    // the book is at the root, and its 404 page must look for its styles there.
    if !matches!(readers, Readers::Web { .. }) {
        book.config
            .set("output.html.site-url", "/")
            .map_err(|error| anyhow!("cannot set the site's address: {error:#}"))?;
    }
    book.with_preprocessor(Teaching {
        notes,
        root: root.to_path_buf(),
    });
    book.with_preprocessor(Dedent);
    book.with_preprocessor(SourceLinks {
        readers,
        root: root.to_path_buf(),
    });
    book.build()
        .map_err(|error| anyhow!("mdBook could not build the book: {error:#}"))?;
    Ok(book.build_dir_for("html").join("index.html"))
}

/// The repository's address, from `book.toml` (`output.html.git-repository-url`): the one
/// place it is written.
pub fn repository(root: &Path) -> Result<String> {
    let book =
        MDBook::load(root).map_err(|error| anyhow!("mdBook could not load the book: {error:#}"))?;
    book.config
        .html_config()
        .and_then(|html| html.git_repository_url)
        .context("book.toml has no output.html.git-repository-url: the repository's address")
}

/// Builds the book as it is published and checks every link of every page: a page or
/// file of the book that exists (and the heading an `#anchor` names), or a file of the
/// repository that exists in this checkout. Returns the problems.
pub fn check_published(workbook: &Workbook) -> Result<Vec<String>> {
    let root = &workbook.root;
    let repository = repository(root)?;
    let dir = root.join("target/workbook/book-web");
    let index = build_into(
        root,
        Readers::Web {
            repository: repository.clone(),
        },
        false,
        Some(&dir),
    )?;
    check_built(&index, root, &repository)
}

/// Checks every link of the book built at `index` (see `check_published`).
pub fn check_built(index: &Path, root: &Path, repository: &str) -> Result<Vec<String>> {
    let html_dir = index.parent().unwrap_or(root).to_path_buf();
    // Absolute links (the 404 page's) start with where the site puts the book.
    let site = MDBook::load(root)
        .map_err(|error| anyhow!("mdBook could not load the book: {error:#}"))?
        .config
        .html_config()
        .and_then(|html| html.site_url)
        .unwrap_or_else(|| "/".to_string());
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    collect_pages(&html_dir, &mut pages)?;
    for page in &pages {
        let html = fs::read_to_string(page)?;
        let shown = page
            .strip_prefix(&html_dir)
            .unwrap_or(page)
            .display()
            .to_string();
        for url in attribute_values(&html) {
            // `/spinning-plates/x.html` is `/x.html` of the book, wherever the page is.
            let url = match url.strip_prefix(site.as_str()) {
                Some(rest) => format!("/{rest}"),
                None => url.to_string(),
            };
            if let Some(problem) = check_url(&url, page, &html_dir, root, repository) {
                problems.push(format!("published book, {shown}: {problem}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    Ok(problems)
}

fn collect_pages(dir: &Path, pages: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_pages(&path, pages)?;
        } else if path.extension().is_some_and(|ext| ext == "html") {
            pages.push(path);
        }
    }
    Ok(())
}

/// The values of every `href="..."` and `src="..."` in a page.
fn attribute_values(html: &str) -> impl Iterator<Item = &str> {
    ["href=\"", "src=\""]
        .into_iter()
        .flat_map(move |attribute| {
            html.match_indices(attribute).filter_map(move |(at, _)| {
                let value = &html[at + attribute.len()..];
                value.find('"').map(|end| &value[..end])
            })
        })
}

fn check_url(
    url: &str,
    page: &Path,
    html_dir: &Path,
    root: &Path,
    repository: &str,
) -> Option<String> {
    if let Some(path) = source_links::repository_path(repository, url) {
        return (!source_links::exists_in(root, path))
            .then(|| format!("`{url}`: {path} is not in the repository"));
    }
    if url.contains("://") || url.starts_with("mailto:") || url.starts_with("javascript:") {
        return None;
    }
    let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
    let path = path.split('?').next().unwrap_or(path);
    let target = if path.is_empty() {
        page.to_path_buf()
    } else if let Some(absolute) = path.strip_prefix('/') {
        html_dir.join(absolute)
    } else {
        page.parent().unwrap_or(html_dir).join(path)
    };
    let target = if target.is_dir() {
        target.join("index.html")
    } else {
        target
    };
    let Ok(inside) = normalize(&target)
        .strip_prefix(normalize(html_dir))
        .map(Path::to_path_buf)
    else {
        return Some(format!("`{url}` leads out of the book"));
    };
    let file = html_dir.join(inside);
    if !file.is_file() {
        return Some(format!("`{url}` leads to a missing page"));
    }
    if !anchor.is_empty() && file.extension().is_some_and(|ext| ext == "html") {
        let html = fs::read_to_string(&file).unwrap_or_default();
        if !html.contains(&format!("id=\"{anchor}\"")) {
            return Some(format!("`{url}`: no `#{anchor}` on that page"));
        }
    }
    None
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Builds the book and checks it. Returns every problem found, or none.
pub fn check(workbook: &Workbook) -> Result<Vec<String>> {
    let root = &workbook.root;
    // Built as the runner builds it, with the workbook's own preprocessors.
    build(root, Readers::Local, false)?;
    let book =
        MDBook::load(root).map_err(|error| anyhow!("mdBook could not load the book: {error:#}"))?;
    let source_dir = book.source_dir();
    let html_dir = book.build_dir_for("html");

    let chapters: Vec<PathBuf> = book
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => chapter.source_path.clone(),
            _ => None,
        })
        .collect();

    let mut problems = Vec::new();
    for chapter in &chapters {
        let file = source_dir.join(chapter);
        let text =
            fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let shown = Path::new("book").join(chapter);
        let rendered = html_dir.join(chapter.with_extension("html"));
        problems.extend(check_includes(&shown, &file, &text));
        problems.extend(check_figures(&source_dir, chapter, &text)?);
        problems.extend(check_links(
            &shown,
            &file,
            &text,
            &rendered,
            &html_dir,
            &source_dir,
        ));
        if fs::read_to_string(&rendered).is_ok_and(|html| html.contains("{{#")) {
            problems.push(format!(
                "{}: the rendered page still contains a `{{{{#...}}}}` directive",
                shown.display()
            ));
        }
    }

    let shown: Vec<&Path> = chapters.iter().map(PathBuf::as_path).collect();
    problems.extend(included::check(root, &shown)?);

    for lesson in &workbook.lessons {
        let in_summary = chapters
            .iter()
            .any(|chapter| source_dir.join(chapter) == root.join(&lesson.chapter));
        if !in_summary {
            problems.push(format!(
                "{}: its chapter {} is not a (written) chapter in book/SUMMARY.md",
                lesson.package,
                lesson.chapter.display()
            ));
            continue;
        }
        let text = fs::read_to_string(root.join(&lesson.chapter)).unwrap_or_default();
        if !links_to(&text, &lesson.dir) {
            problems.push(format!(
                "{}: does not link its lesson crate (a link to {}/)",
                lesson.chapter.display(),
                lesson.dir.display()
            ));
        }
        let in_cargo: Vec<&str> = lesson.exercises.iter().map(|e| e.name.as_str()).collect();
        let in_chapter = exercises_table(&text);
        if in_chapter != in_cargo {
            problems.push(format!(
                "{}: its Exercises table lists {in_chapter:?}, but {}/Cargo.toml has {in_cargo:?}: \
                 `cargo test -p {}` and the runner take them in Cargo.toml's order, so the \
                 chapter's table must list the same exercises in the same order",
                lesson.chapter.display(),
                lesson.dir.display(),
                lesson.package
            ));
        }
    }
    Ok(problems)
}

/// The exercises a chapter's `## Exercises` table lists, in its order: the name in
/// backticks that starts each row.
fn exercises_table(chapter: &str) -> Vec<&str> {
    chapter
        .lines()
        .skip_while(|line| line.trim() != "## Exercises")
        .skip(1)
        .take_while(|line| !line.starts_with("## "))
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name))
        .collect()
}

/// The chapters SUMMARY.md lists, as paths inside `book/`.
pub fn chapters(workbook: &Workbook) -> Result<Vec<PathBuf>> {
    let book = MDBook::load(&workbook.root)
        .map_err(|error| anyhow!("mdBook could not load the book: {error:#}"))?;
    Ok(book
        .iter()
        .filter_map(|item| match item {
            BookItem::Chapter(chapter) => chapter.source_path.clone(),
            _ => None,
        })
        .collect())
}

/// `cargo workbook figures`: the figures check alone, on the chapters whose file name
/// contains `filter`, without building the book.
pub fn figures(workbook: &Workbook, filter: &str) -> Result<Vec<String>> {
    let book = MDBook::load(&workbook.root)
        .map_err(|error| anyhow!("mdBook could not load the book: {error:#}"))?;
    let source_dir = book.source_dir();
    let mut problems = Vec::new();
    for item in book.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(path) = &chapter.source_path else {
            continue;
        };
        if path.to_string_lossy().contains(filter) {
            let text = fs::read_to_string(source_dir.join(path))?;
            problems.extend(check_figures(&source_dir, path, &text)?);
        }
    }
    Ok(problems)
}

/// A chapter's figures against its output blocks and its table, `figures/<chapter>.toml`.
fn check_figures(source_dir: &Path, chapter: &Path, text: &str) -> Result<Vec<String>> {
    let name = chapter.with_extension("toml");
    let name = name.file_name().unwrap_or_default();
    // Figures every chapter may use, such as the machine's description.
    let common = figures::read_table(
        &source_dir.join("figures/all-chapters.toml"),
        Path::new("book/figures/all-chapters.toml"),
    )?;
    figures::check_chapter(
        &Path::new("book").join(chapter),
        text,
        &source_dir.join("figures").join(name),
        &Path::new("book/figures").join(name),
        &common,
    )
}

/// Does the chapter have a Markdown link whose target is the crate's folder?
fn links_to(text: &str, crate_dir: &Path) -> bool {
    let wanted = crate_dir.to_string_lossy().into_owned();
    Parser::new(text).any(|event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => {
            dest_url.trim_end_matches('/').ends_with(&wanted)
        }
        _ => false,
    })
}

/// Every `{{#include file:anchor}}` must name a file that exists and an anchor in it.
fn check_includes(shown: &Path, file: &Path, text: &str) -> Vec<String> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for directive in directives(text) {
        let mut words = directive.split_whitespace();
        let (Some(kind), Some(target)) = (words.next(), words.next()) else {
            continue;
        };
        if !matches!(kind, "include" | "rustdoc_include") {
            continue;
        }
        let (path, anchor) = match target.split_once(':') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        let Ok(content) = fs::read_to_string(dir.join(path)) else {
            problems.push(format!(
                "{}: {{{{#{kind} {target}}}}}: {path} does not exist",
                shown.display()
            ));
            continue;
        };
        // `file:anchor` names an anchor; `file:3:10` or `file::10` are line ranges.
        if let Some(anchor) = anchor
            .filter(|a| !a.is_empty() && !a.starts_with(|c: char| c.is_ascii_digit() || c == ':'))
        {
            let opens = content.contains(&format!("ANCHOR: {anchor}"));
            let closes = content.contains(&format!("ANCHOR_END: {anchor}"));
            if !(opens && closes) {
                problems.push(format!(
                    "{}: {{{{#{kind} {target}}}}}: {path} has no anchor `{anchor}`",
                    shown.display()
                ));
            }
        }
    }
    problems
}

/// The insides of every `{{#...}}` in the text.
fn directives(text: &str) -> impl Iterator<Item = &str> {
    text.split("{{#")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(inside, _)| inside.trim()))
}

/// Every relative link must point at a file or folder that exists, and every
/// `#anchor` at an id on the rendered page.
fn check_links(
    shown: &Path,
    file: &Path,
    text: &str,
    rendered: &Path,
    html_dir: &Path,
    source_dir: &Path,
) -> Vec<String> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for event in Parser::new(text) {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let url = dest_url.as_ref();
        if url.contains("://") || url.starts_with("mailto:") {
            continue;
        }
        let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
        let page = if path.is_empty() {
            rendered.to_path_buf()
        } else {
            let target = dir.join(path);
            if !target.exists() {
                problems.push(format!(
                    "{}: broken link `{url}`: {path} does not exist",
                    shown.display()
                ));
                continue;
            }
            match target.strip_prefix(source_dir) {
                Ok(inside) if path.ends_with(".md") => html_dir.join(inside.with_extension("html")),
                _ => continue,
            }
        };
        if !anchor.is_empty() {
            let html = fs::read_to_string(&page).unwrap_or_default();
            if !html.contains(&format!("id=\"{anchor}\"")) {
                problems.push(format!(
                    "{}: broken link `{url}`: no heading `#{anchor}` on that page",
                    shown.display()
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exercises_table_is_read_in_order() {
        let chapter = "# A lesson\n\n| `not_this` | x |\n\n## Exercises\n\n\
                       | exercise | what |\n|---|---|\n| `first` | a |\n| `second` | b |\n\n\
                       ## Recap\n\n| `not_this_either` | y |\n";
        assert_eq!(exercises_table(chapter), ["first", "second"]);
    }
}
