//! The instructor's pages, `book/teaching/lesson-NN.md`: a segment table, the exercises
//! placed after the sections that prepare them, the mistakes the room will make, and
//! speaker notes for every section of the chapter.
//!
//! The notes are written on the teaching page, one `### <section heading>` each under
//! `## Speaker notes`, so that the chapters stay as a reader reads them. Built with
//! notes (`cargo workbook book --notes`), each chapter shows its section's note in a
//! box at the top of the section; built without, nothing of them shows in a chapter.
//! The mistakes are generated from the wrong answers the lesson keeps, so that the
//! list stays true as the lessons change.

use crate::lessons::{Lesson, Workbook};
use crate::wrong;
use anyhow::Result;
use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The directive a teaching page puts where the lesson's kept wrong answers go.
const WRONG_ANSWERS: &str = "{{#wrong-answers ";

/// The heading under which a teaching page keeps its notes, one `###` per section.
const NOTES: &str = "## Speaker notes";

/// What the `how` column of a segment table may say.
const HOW: &[&str] = &[
    "talk",
    "read",
    "live-code",
    "demo",
    "exercise",
    "review",
    "discussion",
    "break",
];

/// The teaching page of a lesson, relative to the workspace root.
pub fn page(lesson: &Lesson) -> PathBuf {
    let number = lesson.package.trim_start_matches("lesson-");
    Path::new("book/teaching").join(format!("lesson-{number}.md"))
}

pub struct Teaching {
    /// Whether the chapters show the speaker notes.
    pub notes: bool,
    pub root: PathBuf,
}

impl Preprocessor for Teaching {
    fn name(&self) -> &str {
        "workbook-teaching"
    }

    fn run(&self, _context: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let workbook = Workbook::load_at(&self.root)?;
        let mut failure = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(path) = chapter.path.as_deref() else {
                return;
            };
            let book_path = Path::new("book").join(path);
            for lesson in &workbook.lessons {
                if book_path == page(lesson) {
                    match expand_wrong_answers(&workbook, lesson, &chapter.content) {
                        Ok(content) => chapter.content = content,
                        Err(error) => failure = Some(error),
                    }
                } else if self.notes && book_path == lesson.chapter {
                    let Ok(teaching) = fs::read_to_string(self.root.join(page(lesson))) else {
                        continue;
                    };
                    chapter.content = with_notes(&chapter.content, &notes(&teaching));
                }
            }
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(book),
        }
    }
}

/// The page with `{{#wrong-answers lesson-NN}}` replaced by the lesson's kept wrong
/// answers: per exercise, each mistake and what the learner who made it reads.
fn expand_wrong_answers(workbook: &Workbook, lesson: &Lesson, page: &str) -> Result<String> {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find(WRONG_ANSWERS) {
        out.push_str(&rest[..at]);
        let after = &rest[at + WRONG_ANSWERS.len()..];
        let end = after.find("}}").unwrap_or(after.len());
        let named = after[..end].trim();
        let lesson = workbook
            .lessons
            .iter()
            .find(|l| l.package == named)
            .unwrap_or(lesson);
        for exercise in &lesson.exercises {
            out.push_str(&format!("- `{}`\n", exercise.name));
            for answer in wrong::of_exercise(&workbook.root, lesson, exercise)? {
                out.push_str(&format!(
                    "  - {}. They read: \"{}\"\n",
                    capitalized(&answer.mistake),
                    answer.phrase
                ));
            }
        }
        rest = after.get(end + 2..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A teaching page's speaker notes: section heading -> note.
pub fn notes(page: &str) -> BTreeMap<String, String> {
    let mut notes = BTreeMap::new();
    let Some(start) = page.find(&format!("\n{NOTES}\n")) else {
        return notes;
    };
    let mut heading: Option<String> = None;
    let mut body = String::new();
    for line in outside_code(&page[start + NOTES.len() + 2..]) {
        let (line, in_code) = line;
        if !in_code && line.starts_with("## ") {
            break;
        }
        if !in_code && let Some(next) = line.strip_prefix("### ") {
            if let Some(done) = heading.take() {
                notes.insert(done, body.trim().to_string());
            }
            heading = Some(next.trim().to_string());
            body.clear();
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some(done) = heading {
        notes.insert(done, body.trim().to_string());
    }
    notes
}

/// The chapter's section headings (`## `), in order, outside code blocks.
pub fn sections(chapter: &str) -> Vec<String> {
    outside_code(chapter)
        .filter(|(_, in_code)| !in_code)
        .filter_map(|(line, _)| line.strip_prefix("## "))
        .map(|heading| heading.trim().to_string())
        .collect()
}

/// Each line, and whether it is inside a fenced code block (fences count as inside).
fn outside_code(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut fence: Option<&str> = None;
    text.lines().map(move |line| {
        let trimmed = line.trim_start();
        match fence {
            Some(open) if trimmed.starts_with(open) => {
                fence = None;
                (line, true)
            }
            Some(_) => (line, true),
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                fence = Some(&trimmed[..3]);
                (line, true)
            }
            None => (line, false),
        }
    })
}

/// The chapter with each section's note in a box right under its heading.
fn with_notes(chapter: &str, notes: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(chapter.len());
    for (line, in_code) in outside_code(chapter) {
        out.push_str(line);
        out.push('\n');
        if in_code {
            continue;
        }
        let Some(note) = line.strip_prefix("## ").and_then(|h| notes.get(h.trim())) else {
            continue;
        };
        out.push_str(&format!(
            "\n<div class=\"speaker-notes\">\n\n**Speaker notes**\n\n{note}\n\n</div>\n\n"
        ));
    }
    out
}

/// One row of a segment table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub section: String,
    pub minutes: u32,
    pub how: String,
    pub what: String,
}

/// The rows of the table under `heading` (`## Segments`), as cells; empty without one.
fn table<'a>(page: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let Some(start) = page.find(&format!("\n{heading}\n")) else {
        return Vec::new();
    };
    page[start + heading.len() + 2..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| {
            line.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect()
        })
        .collect()
}

/// The segment table of a teaching page; a row that does not parse is an error.
pub fn segments(page: &str) -> Result<Vec<Segment>, String> {
    table(page, "## Segments")
        .into_iter()
        .map(|cells| {
            let [section, minutes, how, what] = cells[..] else {
                return Err(format!(
                    "a segment row needs 4 cells: {}",
                    cells.join(" | ")
                ));
            };
            let minutes = minutes.parse().map_err(|_| {
                format!("`{section}`: minutes must be a whole number, not `{minutes}`")
            })?;
            Ok(Segment {
                section: section.to_string(),
                minutes,
                how: how.to_string(),
                what: what.to_string(),
            })
        })
        .collect()
}

/// Everything wrong with the teaching pages, one line each: notes missing for a
/// section or naming none, segments and exercises out of place.
pub fn check(workbook: &Workbook) -> Vec<String> {
    let mut problems = Vec::new();
    for lesson in &workbook.lessons {
        let page_file = page(lesson);
        let Ok(page) = fs::read_to_string(workbook.root.join(&page_file)) else {
            problems.push(format!("{}: no teaching page", page_file.display()));
            continue;
        };
        let Ok(chapter) = fs::read_to_string(workbook.root.join(&lesson.chapter)) else {
            continue;
        };
        let mut problem = |what: String| problems.push(format!("{}: {what}", page_file.display()));
        let sections = sections(&chapter);
        let notes = notes(&page);
        for section in &sections {
            if !notes.contains_key(section) {
                problem(format!("no speaker notes for the section \"{section}\""));
            }
        }
        for heading in notes.keys() {
            if !sections.contains(heading) {
                problem(format!(
                    "speaker notes for \"{heading}\", which is no section of {}",
                    lesson.chapter.display()
                ));
            }
        }
        let exercises: Vec<String> = lesson
            .exercises
            .iter()
            .map(|e| format!("`{}`", e.name))
            .collect();
        match segments(&page) {
            Err(error) => problem(error),
            Ok(rows) if rows.is_empty() => problem("no segment table (`## Segments`)".into()),
            Ok(rows) => {
                for row in &rows {
                    if !HOW.contains(&row.how.as_str()) {
                        problem(format!(
                            "segment \"{}\": `how` is `{}`, not one of {}",
                            row.section,
                            row.how,
                            HOW.join(", ")
                        ));
                    }
                    if row.section.starts_with('`')
                        && !exercises.contains(&row.section)
                        && !sections.contains(&row.section)
                    {
                        problem(format!(
                            "segment {} names no exercise of the lesson",
                            row.section
                        ));
                    }
                }
                for exercise in &exercises {
                    if !rows.iter().any(|row| &row.section == exercise) {
                        problem(format!("the exercise {exercise} has no segment"));
                    }
                }
            }
        }
        let placed = table(&page, "## Exercises, after the sections that prepare them");
        for exercise in &lesson.exercises {
            let name = format!("`{}`", exercise.name);
            let Some(row) = placed
                .iter()
                .find(|cells| cells.first() == Some(&name.as_str()))
            else {
                problem(format!("the exercise {name} is not placed after a section"));
                continue;
            };
            let after = row.get(1).copied().unwrap_or("");
            let Some(prepared) = sections.iter().position(|s| s == after) else {
                problem(format!(
                    "{name} is placed after \"{after}\", which is no section"
                ));
                continue;
            };
            // The exercise's own text: its command in the Exercises section, or else
            // its first mention (a chapter may show the command earlier, in passing).
            let command = format!("--test {}", exercise.name);
            let exercises_at = chapter.find("\n## Exercises").unwrap_or(0);
            let own = chapter[exercises_at..]
                .find(&command)
                .map(|at| exercises_at + at)
                .or_else(|| chapter.find(&command))
                .and_then(|at| {
                    sections
                        .iter()
                        .rposition(|s| chapter[..at].contains(&format!("\n## {s}\n")))
                });
            if own.is_some_and(|own| prepared > own) {
                problem(format!(
                    "{name} is placed after \"{after}\", which comes after the exercise's own text"
                ));
            }
        }
        if !page.contains(WRONG_ANSWERS) {
            problem(format!("no `{WRONG_ANSWERS}{}}}}}`", lesson.package));
        }
    }
    problems
}

/// The instructor guide, whose plans are checked against the teaching pages.
const GUIDE: &str = "book/instructor-guide.md";

/// The guide's plans, each under a `### ` heading that starts with one of these, with
/// the lessons each may leave out: the capstone is an afternoon of its own, which one
/// day has no room for.
const PLANS: &[(&str, &[&str])] = &[("### One day", &["10"]), ("### Two days", &[])];

/// `h:mm` as minutes since midnight.
fn clock_minutes(time: &str) -> Option<u32> {
    let (hours, minutes) = time.split_once(':')?;
    Some(hours.parse::<u32>().ok()? * 60 + minutes.parse::<u32>().ok()?)
}

/// Everything wrong with the guide's plans: a row whose times and minutes disagree, a
/// lesson's row naming a segment its teaching page does not have or minutes that are
/// not the sum of them, a plan that leaves a lesson out.
pub fn check_plans(workbook: &Workbook) -> Vec<String> {
    let Ok(guide) = fs::read_to_string(workbook.root.join(GUIDE)) else {
        return vec![format!("{GUIDE}: cannot read it")];
    };
    let mut problems = Vec::new();
    let mut segments_of = BTreeMap::new();
    for lesson in &workbook.lessons {
        let number = lesson.package.trim_start_matches("lesson-").to_string();
        let rows = fs::read_to_string(workbook.root.join(page(lesson)))
            .ok()
            .and_then(|page| segments(&page).ok())
            .unwrap_or_default();
        segments_of.insert(number, rows);
    }
    for &(plan, may_leave_out) in PLANS {
        let Some(start) = guide.find(&format!("\n{plan}")) else {
            problems.push(format!("{GUIDE}: no plan \"{plan}\""));
            continue;
        };
        let body = &guide[start + 1..];
        // The plan runs to the next heading of its level or above.
        let heading_end = body.find('\n').unwrap_or(body.len());
        let end = ["\n## ", "\n### "]
            .iter()
            .filter_map(|next| body[heading_end..].find(next))
            .min()
            .map_or(body.len(), |end| heading_end + end);
        let body = &body[..end];
        let mut covered = Vec::new();
        let mut previous_end: Option<u32> = None;
        for line in body.lines().filter(|line| line.starts_with("| ")) {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            let [time, block, minutes] = cells[..] else {
                continue;
            };
            let Some((from, to)) = time.split_once('-') else {
                continue;
            };
            let (Some(from), Some(to), Ok(minutes)) = (
                clock_minutes(from),
                clock_minutes(to),
                minutes.parse::<u32>(),
            ) else {
                continue;
            };
            let mut problem =
                |what: String| problems.push(format!("{GUIDE}, {plan}, {time}: {what}"));
            if previous_end.is_some_and(|end| end != from && from != 9 * 60) {
                problem("does not start when the row before it ends".into());
            }
            previous_end = Some(to);
            if to.checked_sub(from) != Some(minutes) {
                problem(format!("{time} is not {minutes} minutes"));
            }
            let Some(rest) = block.strip_prefix("lesson ") else {
                continue;
            };
            let Some((number, named)) = rest.split_once(": ") else {
                continue;
            };
            covered.push(number.to_string());
            let Some(rows) = segments_of.get(number) else {
                problem(format!("there is no lesson {number}"));
                continue;
            };
            let mut sum = 0;
            for name in named.split(" · ") {
                match rows.iter().find(|row| row.section == name) {
                    Some(row) => sum += row.minutes,
                    None => problem(format!(
                        "\"{name}\" is no segment of lesson {number}'s teaching page"
                    )),
                }
            }
            if sum != minutes {
                problem(format!(
                    "lesson {number}'s segments add up to {sum} minutes on its teaching page, not {minutes}"
                ));
            }
        }
        for number in segments_of.keys() {
            if !covered.contains(number) && !may_leave_out.contains(&number.as_str()) {
                problems.push(format!("{GUIDE}, {plan}: lesson {number} is left out"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::{check, check_plans, notes, sections, segments, with_notes};
    use crate::lessons::Workbook;
    use std::path::Path;

    /// The workbook's own pages: `cargo test -p workbook teaching` is the quick way
    /// to check an edit to them.
    #[test]
    fn the_teaching_pages_and_the_plans_hold() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let workbook = Workbook::load_at(&root).expect("the workbook's lessons");
        let problems = [check(&workbook), check_plans(&workbook)].concat();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    const PAGE: &str = "# Teaching lesson 05\n\n## Segments\n\n\
        | section | minutes | how | what happens |\n|---|---|---|---|\n\
        | The story | 10 | talk | the chess master |\n\
        | `hedged` | 25 | exercise | a backup request |\n\n\
        ## Speaker notes\n\n### The story\n- **Stress:** one thing.\n\n\
        ### The `Future` trait\n- **Draw:** a poll.\n```text\n## not a heading\n```\n";

    #[test]
    fn reads_notes_by_section() {
        let notes = notes(PAGE);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes["The story"], "- **Stress:** one thing.");
        assert!(notes["The `Future` trait"].contains("## not a heading"));
    }

    #[test]
    fn reads_segments() {
        let rows = segments(PAGE).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[1].section.as_str(), rows[1].minutes),
            ("`hedged`", 25)
        );
        let bad = PAGE.replace("| 25 |", "| 25 min |");
        assert!(segments(&bad).unwrap_err().contains("whole number"));
    }

    #[test]
    fn notes_go_under_their_headings_and_nowhere_in_code() {
        let chapter = "# Lesson\n\n## The story\n\nText.\n\n```text\n## The story\n```\n";
        assert_eq!(sections(chapter), vec!["The story".to_string()]);
        let shown = with_notes(chapter, &notes(PAGE));
        assert_eq!(shown.matches("speaker-notes").count(), 1);
        assert!(shown.find("Speaker notes").unwrap() < shown.find("Text.").unwrap());
    }
}
