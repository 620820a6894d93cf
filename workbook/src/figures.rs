//! Every figure in the book comes from somewhere: a demo's output pasted in the same
//! chapter, or a line in the chapter's table of figures (`book/figures/<chapter>.toml`)
//! that says where it comes from (a talk, a document, arithmetic on other figures, a
//! demo run). A number with a unit that is in neither is the slip this catches: a
//! figure typed from memory, or one left behind when the output above it was re-run.

use anyhow::{Context, Result, bail};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Where a figure may come from: the first word of its source in the table.
const SOURCES: [&str; 4] = ["talk:", "demo:", "doc:", "arithmetic:"];

/// Units that make a number a measured or cited figure. Longer spellings first, so
/// that `ms` is not read as `m` followed by `s`.
const UNITS: [&str; 27] = [
    "seconds",
    "second",
    "milliseconds",
    "millisecond",
    "microseconds",
    "minutes",
    "minute",
    "req/s",
    "bytes",
    "KiB",
    "MiB",
    "GiB",
    "KB",
    "MB",
    "GB",
    "ms",
    "µs",
    "us",
    "ns",
    "min",
    "cores",
    "core",
    "times",
    "x",
    "×",
    "%",
    "s",
];

/// The checks of one chapter: `chapter` is the Markdown file, `table` its table of
/// figures (which may not exist). Returns the problems, each a line for a maintainer.
pub fn check_chapter(
    shown: &Path,
    text: &str,
    table: &Path,
    table_shown: &Path,
    common: &BTreeMap<String, String>,
) -> Result<Vec<String>> {
    let sources = read_table(table, table_shown)?;
    let (prose, output) = split(text);
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for figure in figures_in(&prose) {
        let printed = printed_in(&figure, &output);
        if !printed && !sources.contains_key(&figure.text) && !common.contains_key(&figure.text) {
            problems.push(format!(
                "{}: the figure \"{}\" is not in any output block of the chapter, nor in {}: \
                 paste the demo output that printed it, or add a line saying where it comes from \
                 (\"{}\" = \"talk: ...\" / \"demo: ...\" / \"doc: ...\" / \"arithmetic: ...\")",
                shown.display(),
                figure.text,
                table_shown.display(),
                figure.text
            ));
        }
        seen.push(figure.text);
    }
    for (figure, source) in &sources {
        if !SOURCES.iter().any(|prefix| source.starts_with(prefix)) {
            problems.push(format!(
                "{}: the source of \"{figure}\" must start with one of {}",
                table_shown.display(),
                SOURCES.join(" ")
            ));
        }
        if !seen.contains(figure) {
            problems.push(format!(
                "{}: \"{figure}\" is no longer in {}: remove its line",
                table_shown.display(),
                shown.display()
            ));
        }
    }
    Ok(problems)
}

/// The figures of one table, `figure -> source`; none when the file does not exist.
pub fn read_table(table: &Path, shown: &Path) -> Result<BTreeMap<String, String>> {
    let Ok(text) = fs::read_to_string(table) else {
        return Ok(BTreeMap::new());
    };
    let value: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not valid TOML", shown.display()))?;
    let mut sources = BTreeMap::new();
    for (figure, source) in value {
        let Some(source) = source.as_str() else {
            bail!(
                "{}: the source of \"{figure}\" must be a string",
                shown.display()
            );
        };
        sources.insert(normalize(&figure), source.to_string());
    }
    Ok(sources)
}

/// The chapter's prose (text, tables, headings, image descriptions) and the text of its
/// fenced output blocks, where a demo's printed figures are pasted. Code (fenced blocks in
/// a language, and inline code) is neither: a `3` in `--repeat 3` is not a figure.
fn split(text: &str) -> (String, String) {
    let mut prose = String::new();
    let mut output = String::new();
    let mut in_block: Option<bool> = None;
    for event in Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let is_output = match kind {
                    CodeBlockKind::Fenced(info) => {
                        matches!(
                            info.split(',').next().unwrap_or("").trim(),
                            "text" | "console" | ""
                        )
                    }
                    CodeBlockKind::Indented => true,
                };
                in_block = Some(is_output);
            }
            Event::End(TagEnd::CodeBlock) => in_block = None,
            Event::Text(text) => match in_block {
                Some(true) => output.push_str(&text),
                Some(false) => {}
                None => prose.push_str(&text),
            },
            // Each cell, line and paragraph apart, so that two figures never run together.
            // A line break inside a paragraph is a space: `1.65` at the end of one line
            // and `times` at the start of the next are one figure.
            Event::SoftBreak if in_block.is_none() => prose.push(' '),
            Event::End(_) | Event::HardBreak | Event::Code(_) if in_block.is_none() => {
                prose.push('\n');
            }
            _ => {}
        }
    }
    (prose, output)
}

#[derive(Debug, PartialEq)]
struct Figure {
    /// As written, with runs of whitespace made one space: `26.62 s`, `2-4x`.
    text: String,
    /// The number alone (the first of a range), to look for in the output.
    number: String,
    unit: String,
}

/// Numbers followed by a unit: `26.62 s`, `1.25 ms`, `100 KiB`, `2-4x`, `94k req/s`.
fn figures_in(prose: &str) -> Vec<Figure> {
    let chars: Vec<char> = prose.chars().collect();
    let mut figures = Vec::new();
    // Numbers without a unit that lead up to one: the 1.2 and 3.4 of `1.2, 3.4 and
    // 5.6 ms` or `1.2 to 5.6 ms` are figures in ms too.
    let mut listed: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '.' | '_')));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        let number_end = scan_number(&chars, i);
        let mut end = number_end;
        // A range: `2-4x`, `40–200 ms`.
        if end + 1 < chars.len()
            && matches!(chars[end], '-' | '–')
            && chars[end + 1].is_ascii_digit()
        {
            end = scan_number(&chars, end + 1);
        }
        if end < chars.len() && chars[end] == 'k' {
            end += 1;
        }
        let mut unit_start = end;
        while unit_start < chars.len() && matches!(chars[unit_start], ' ' | '\u{a0}' | '\u{2009}') {
            unit_start += 1;
        }
        let rest: String = chars[unit_start..chars.len().min(unit_start + 14)]
            .iter()
            .collect();
        let unit = UNITS.iter().find(|unit| {
            rest.starts_with(*unit)
                && !rest[unit.len()..]
                    .chars()
                    .next()
                    .is_some_and(|next| next.is_alphanumeric() || next == '_')
        });
        // `the 1990s` is a decade, not 1990 seconds.
        let decade = unit == Some(&"s") && unit_start == end && end - start == 4;
        match unit.filter(|_| !decade) {
            Some(unit) => {
                let unit_end = unit_start + unit.chars().count();
                let text: String = chars[start..unit_end].iter().collect();
                for number in listed.drain(..) {
                    figures.push(Figure {
                        text: format!("{number} {unit}"),
                        number,
                        unit: unit.to_string(),
                    });
                }
                figures.push(Figure {
                    text: normalize(&text),
                    number: chars[start..number_end].iter().collect(),
                    unit: unit.to_string(),
                });
                i = unit_end;
            }
            None => {
                let after: String = chars[end..chars.len().min(end + 10)].iter().collect();
                let leads_on = LIST_SEPARATORS.iter().any(|separator| {
                    after
                        .strip_prefix(separator)
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                });
                if leads_on && !decade {
                    listed.push(chars[start..number_end].iter().collect());
                } else {
                    listed.clear();
                }
                i = end.max(i + 1);
            }
        }
    }
    figures
}

/// What joins the numbers of a list that ends in a unit.
const LIST_SEPARATORS: [&str; 6] = [", ", " and ", " to ", " or ", " / ", " against "];

fn scan_number(chars: &[char], mut i: usize) -> usize {
    while i < chars.len()
        && (chars[i].is_ascii_digit()
            || (matches!(chars[i], '.' | ',')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
    {
        i += 1;
    }
    i
}

fn normalize(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Is the figure printed in the output: its number, as a whole number, followed by its
/// unit after any spaces (tables pad their cells)?
fn printed_in(figure: &Figure, output: &str) -> bool {
    let mut from = 0;
    while let Some(at) = output[from..].find(&figure.number) {
        let start = from + at;
        let end = start + figure.number.len();
        from = start + 1;
        let before = output[..start].chars().next_back();
        let after = output[end..].chars().next();
        let whole = !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
            && !after.is_some_and(|c| {
                c.is_ascii_digit()
                    || (c == '.' && output[end + 1..].starts_with(|d: char| d.is_ascii_digit()))
            });
        if !whole {
            continue;
        }
        // The unit may be absent in a table whose header names it (`wall time (s)`),
        // so a figure with a unit also counts as printed when its number is, with the
        // unit written anywhere on the same line.
        let line_end = output[end..].find('\n').map_or(output.len(), |n| end + n);
        let line_start = output[..start].rfind('\n').map_or(0, |n| n + 1);
        let rest = output[end..line_end].trim_start();
        if rest.starts_with(&figure.unit) || has_word(&output[line_start..line_end], &figure.unit) {
            return true;
        }
    }
    false
}

/// Is `word` in `line` with no letter or digit touching it: `(ms)`, `ms,`, not `items`?
fn has_word(line: &str, word: &str) -> bool {
    line.match_indices(word).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(prose: &str) -> Vec<String> {
        figures_in(prose)
            .into_iter()
            .map(|figure| figure.text)
            .collect()
    }

    #[test]
    fn numbers_in_a_list_take_its_unit() {
        assert_eq!(
            texts("runs 2 and 4; 1.2, 3.4 and 5.6 ms; 0.70 to 1.18 s; 3.5 against 3.9 ms"),
            [
                "1.2 ms", "3.4 ms", "5.6 ms", "0.70 s", "1.18 s", "3.5 ms", "3.9 ms"
            ]
        );
    }

    #[test]
    fn numbers_with_units_are_figures() {
        assert_eq!(
            texts("took 26.62 s, then 1.25 ms; 100 KiB at 2-4x, 94k req/s and 17 times"),
            [
                "26.62 s",
                "1.25 ms",
                "100 KiB",
                "2-4x",
                "94k req/s",
                "17 times"
            ]
        );
    }

    #[test]
    fn numbers_without_units_and_words_are_not() {
        assert!(
            texts("lesson 05 has 41 exercises; Python 3.11; a 2-core machine; x86_64; 3 sets")
                .is_empty()
        );
    }

    #[test]
    fn a_figure_is_printed_when_its_number_and_unit_are_on_one_line() {
        let (_, output) = split("```text\n| sequential |   26.62 s |\nwall (ms)  1.25\n```\n");
        let found = |prose: &str| printed_in(&figures_in(prose)[0], &output);
        assert!(found("26.62 s"));
        assert!(found("1.25 ms"));
        assert!(!found("26.6 s"));
        assert!(!found("6.62 s"));
        let (_, output) = split("```text\nok cargo 1.95 (2026-03-21) 5 runs\n```\n");
        assert!(!printed_in(&figures_in("5 s")[0], &output));
    }

    #[test]
    fn code_is_not_prose() {
        let (prose, output) =
            split("Run `sleep 5 s` and\n```rust\nlet t = 3 ms;\n```\n```text\n4 s\n```\nthen 2 s.");
        assert_eq!(texts(&prose), ["2 s"]);
        let (prose, _) = split("it took 1.65\ntimes less");
        assert_eq!(texts(&prose), ["1.65 times"]);
        assert!(output.contains("4 s"));
    }
}
