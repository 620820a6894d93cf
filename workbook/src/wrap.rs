//! Long lines (hints, failure messages) wrapped at spaces to the terminal's width, so
//! that a word is never cut in two at the edge of the window.

use std::io::{self, IsTerminal};

/// Without a terminal (a pipe, a file, CI), lines are wrapped at this width.
const DEFAULT_WIDTH: usize = 100;

/// The width to wrap at: the terminal's, or the default.
pub fn width() -> usize {
    if io::stdout().is_terminal()
        && let Ok((columns, _)) = crossterm::terminal::size()
        && columns >= 40
    {
        return usize::from(columns) - 1;
    }
    DEFAULT_WIDTH
}

/// Every line of `text` longer than `width` broken at spaces; the lines it continues on
/// are indented two spaces more than the line itself, so they read as one paragraph.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (line, newline) = match line.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (line, ""),
        };
        let indent = line.len() - line.trim_start_matches(' ').len();
        let hanging = " ".repeat(indent + 2);
        let mut column = 0;
        for (index, word) in line[indent..].split(' ').enumerate() {
            let length = word.chars().count();
            if index == 0 {
                out.push_str(&line[..indent]);
                column = indent;
            } else if column + 1 + length > width {
                out.push('\n');
                out.push_str(&hanging);
                column = hanging.len();
            } else {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += length;
        }
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn long_lines_break_at_spaces_with_a_hanging_indent() {
        let text = "  Hint 1 of 3: take a permit before each spawn\nshort\n";
        assert_eq!(
            fit(text, 24),
            "  Hint 1 of 3: take a\n    permit before each\n    spawn\nshort\n"
        );
    }

    #[test]
    fn a_word_longer_than_the_line_stays_whole() {
        assert_eq!(fit("a verylongword", 5), "a\n  verylongword");
    }
}
