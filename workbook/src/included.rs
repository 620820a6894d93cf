//! The book shows code with `{{#include file:anchor}}`, and the prose around it says what
//! that code does. When the code changes, mdBook shows the new code under the old prose,
//! and nothing fails. `book/included.lock` keeps a fingerprint of every included piece
//! as it was when its prose was last read; a piece that changed is reported until a
//! maintainer has re-read its passage and run `cargo workbook included --accept`.

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

pub const LOCK: &str = "book/included.lock";

/// `chapter {{#include target}}` -> fingerprint of what it shows today.
pub fn fingerprints(root: &Path, chapters: &[&Path]) -> Result<BTreeMap<String, String>> {
    let mut found = BTreeMap::new();
    for chapter in chapters {
        let file = root.join("book").join(chapter);
        let text =
            fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let dir = file.parent().unwrap_or(root);
        for (kind, target) in includes(&text) {
            let (path, selector) = target.split_once(':').unwrap_or((target, ""));
            // A missing file or anchor is reported by the include check itself.
            let Ok(content) = fs::read_to_string(dir.join(path)) else {
                continue;
            };
            let shown = select(&content, selector);
            let key = format!("{} {{{{#{kind} {target}}}}}", chapter.display());
            found.insert(
                key,
                hex(&Sha256::digest(shown.as_bytes()))[..16].to_string(),
            );
        }
    }
    Ok(found)
}

/// Compares today's fingerprints with the lock. Returns the problems.
pub fn check(root: &Path, chapters: &[&Path]) -> Result<Vec<String>> {
    let now = fingerprints(root, chapters)?;
    let locked = read_lock(root)?;
    let mut problems = Vec::new();
    for (key, fingerprint) in &now {
        match locked.get(key) {
            Some(old) if old == fingerprint => {}
            Some(_) => problems.push(format!(
                "book/{key}: the code it shows changed since its prose was last read: \
                 re-read the passage around it, then run `cargo workbook included --accept`"
            )),
            None => problems.push(format!(
                "book/{key}: a new include: read the passage around it, then run \
                 `cargo workbook included --accept`"
            )),
        }
    }
    for key in locked.keys().filter(|key| !now.contains_key(*key)) {
        problems.push(format!(
            "{LOCK}: `{key}` is no longer in the book: run `cargo workbook included --accept`"
        ));
    }
    Ok(problems)
}

/// Writes today's fingerprints as read.
pub fn accept(root: &Path, chapters: &[&Path]) -> Result<usize> {
    let now = fingerprints(root, chapters)?;
    let mut text = String::from(
        "# What each {{#include}} in the book showed when its prose was last read.\n\
         # Written by `cargo workbook included --accept`; checked by `cargo workbook verify`.\n",
    );
    for (key, fingerprint) in &now {
        writeln!(text, "{fingerprint} {key}")?;
    }
    fs::write(root.join(LOCK), text).with_context(|| format!("cannot write {LOCK}"))?;
    Ok(now.len())
}

fn read_lock(root: &Path) -> Result<BTreeMap<String, String>> {
    let Ok(text) = fs::read_to_string(root.join(LOCK)) else {
        return Ok(BTreeMap::new());
    };
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(' '))
        .map(|(fingerprint, key)| (key.to_string(), fingerprint.to_string()))
        .collect())
}

/// `(kind, target)` of every `{{#include ...}}` and `{{#rustdoc_include ...}}`.
fn includes(text: &str) -> Vec<(&str, &str)> {
    text.split("{{#")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .filter_map(|(inside, _)| {
            let mut words = inside.split_whitespace();
            let kind = words.next()?;
            let target = words.next()?;
            matches!(kind, "include" | "rustdoc_include").then_some((kind, target))
        })
        .collect()
}

/// What mdBook shows for `file:selector`: the whole file, the lines between an anchor's
/// markers, or a range of lines (`3:10`, `:10`, `3:`, `3`).
fn select(content: &str, selector: &str) -> String {
    let lines: Vec<&str> = content.lines().collect();
    if selector.is_empty() {
        return content.to_string();
    }
    if !selector.starts_with(|c: char| c.is_ascii_digit() || c == ':') {
        let start = format!("ANCHOR: {selector}");
        let end = format!("ANCHOR_END: {selector}");
        return lines
            .iter()
            .skip_while(|line| !line.contains(&start))
            .skip(1)
            .take_while(|line| !line.contains(&end))
            .filter(|line| !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:"))
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
    }
    let number = |text: &str| text.parse::<usize>().ok();
    let (from, to) = match selector.split_once(':') {
        Some((from, to)) => (number(from).unwrap_or(1), number(to).unwrap_or(lines.len())),
        None => (number(selector).unwrap_or(1), number(selector).unwrap_or(1)),
    };
    lines
        .get(from.saturating_sub(1)..to.min(lines.len()))
        .unwrap_or_default()
        .join("\n")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_selects_the_lines_between_its_markers() {
        let file = "a\n// ANCHOR: x\nb\n// ANCHOR: y\nc\n// ANCHOR_END: y\n// ANCHOR_END: x\nd";
        assert_eq!(select(file, "x"), "b\nc");
        assert_eq!(select(file, "y"), "c");
        assert_eq!(select(file, "2:3"), "// ANCHOR: x\nb");
        assert_eq!(select(file, ":1"), "a");
    }

    #[test]
    fn includes_are_found_with_their_kind() {
        let text = "x {{#include a.rs:one}} y {{#rustdoc_include b.rs}} {{#title t}}";
        assert_eq!(
            includes(text),
            [("include", "a.rs:one"), ("rustdoc_include", "b.rs")]
        );
    }
}
