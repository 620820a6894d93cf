//! A chapter includes code by anchor, and an anchor inside a `mod tests` or an `impl`
//! keeps that item's indentation: the reader sees every line start four or eight spaces
//! in, as if something were missing on the left. This preprocessor removes the
//! indentation every line of a fenced code block shares, after the includes are expanded.

use anyhow::Result;
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

pub struct Dedent;

impl Preprocessor for Dedent {
    fn name(&self) -> &str {
        "workbook-dedent"
    }

    fn run(&self, _context: &PreprocessorContext, mut book: Book) -> Result<Book> {
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                chapter.content = dedent_code_blocks(&chapter.content);
            }
        });
        Ok(book)
    }
}

/// Removes, in each fenced code block, the indentation all its non-blank lines share
/// beyond the fence's own (a block inside a list item keeps the item's indentation).
pub fn dedent_code_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some((indent, fence)) = opening_fence(line) else {
            continue;
        };
        let mut body = Vec::new();
        let mut closing = None;
        for line in lines.by_ref() {
            if line.trim_start().starts_with(fence)
                && line.trim().chars().all(|c| c == fence_char(fence))
            {
                closing = Some(line);
                break;
            }
            body.push(line);
        }
        let shared = body
            .iter()
            .filter(|line| !line.trim().is_empty())
            .map(|line| leading_spaces(line).saturating_sub(indent))
            .min()
            .unwrap_or(0);
        for line in body {
            if line.trim().is_empty() || shared == 0 {
                out.push_str(line);
            } else {
                out.push_str(&line[..indent]);
                out.push_str(&line[indent + shared..]);
            }
        }
        out.push_str(closing.unwrap_or(""));
    }
    out
}

/// The fence's indentation and its run of backticks or tildes, if `line` opens a block.
fn opening_fence(line: &str) -> Option<(usize, &str)> {
    let indent = leading_spaces(line);
    let rest = &line[indent..];
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = rest.len() - rest.trim_start_matches(marker).len();
    (indent < 4 && run >= 3).then(|| (indent, &rest[..run]))
}

fn fence_char(fence: &str) -> char {
    fence.chars().next().unwrap_or('`')
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_indentation_goes_and_inner_indentation_stays() {
        let text = "Text\n\n```rust\n    #[test]\n    fn f() {\n        g();\n\n    }\n```\n    indented prose\n";
        assert_eq!(
            dedent_code_blocks(text),
            "Text\n\n```rust\n#[test]\nfn f() {\n    g();\n\n}\n```\n    indented prose\n"
        );
    }

    #[test]
    fn a_block_in_a_list_item_keeps_the_item_indentation() {
        let text = "- item\n\n  ```text\n      out\n        more\n  ```\n";
        assert_eq!(
            dedent_code_blocks(text),
            "- item\n\n  ```text\n  out\n    more\n  ```\n"
        );
    }

    #[test]
    fn a_longer_fence_holds_a_shorter_one() {
        let text = "````md\n    ```rust\n    x\n    ```\n````\n";
        assert_eq!(dedent_code_blocks(text), "````md\n```rust\nx\n```\n````\n");
    }
}
