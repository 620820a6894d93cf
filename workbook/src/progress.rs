//! Progress, derived from the tests themselves every time it is asked for: there is no
//! "current exercise" pointer to go stale. Results are cached by the content of every
//! file that can change them, so asking again costs a hash, not a test run.

use crate::checks::{self, Build, Outcome};
use crate::files;
use crate::lessons::{Exercise, Lesson, Workbook};
use crate::pristine::Pristine;
use crate::signature;
use crate::state;
use crate::wrap;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

/// Bump when the cache's meaning changes, so older results are not trusted.
const CACHE_FORMAT: &str = "workbook-progress-2";
const CACHE_FILE: &str = "progress.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// The file is still the pristine stub.
    NotStarted,
    /// Every check passes.
    Done,
    /// Something fails; `summary` says what, briefly.
    Failing { summary: String },
}

impl Status {
    fn symbol(&self) -> &'static str {
        match self {
            Status::NotStarted => "·",
            Status::Done => "✓",
            Status::Failing { .. } => "✗",
        }
    }

    fn word(&self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::Done => "done",
            Status::Failing { .. } => "failing",
        }
    }
}

/// One exercise and where it stands.
#[derive(Debug)]
pub struct Entry<'a> {
    pub lesson: &'a Lesson,
    pub exercise: &'a Exercise,
    pub status: Status,
}

/// Every exercise of the workbook, in the book's order, with its status.
#[derive(Debug)]
pub struct Progress<'a> {
    pub entries: Vec<Entry<'a>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    /// By exercise name.
    results: BTreeMap<String, Cached>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    key: String,
    status: Status,
}

impl<'a> Progress<'a> {
    /// Works out every exercise's status, running the tests whose inputs changed since
    /// they last ran. `report` hears which lesson is being tested, for a slow first run.
    pub fn check(workbook: &'a Workbook, report: &mut dyn Write) -> Result<Progress<'a>> {
        let root = &workbook.root;
        let pristine = Pristine::new(root);
        let mut cache: Cache = state::load(root, CACHE_FILE);
        let mut entries = Vec::new();

        for lesson in &workbook.lessons {
            let key = lesson_key(root, lesson)?;
            let mut to_test = Vec::new();
            for exercise in &lesson.exercises {
                let status = if is_pristine(root, &pristine, exercise)? {
                    Some(Status::NotStarted)
                } else {
                    cache
                        .results
                        .get(&exercise.name)
                        .filter(|cached| cached.key == key)
                        .map(|cached| cached.status.clone())
                };
                if status.is_none() {
                    to_test.push(exercise);
                }
                entries.push(Entry {
                    lesson,
                    exercise,
                    status: status.unwrap_or(Status::NotStarted),
                });
            }
            if to_test.is_empty() {
                continue;
            }
            // Progress notes are a courtesy; a closed stream must not stop the work.
            let _ = writeln!(
                report,
                "Testing {} in {}...",
                names(&to_test),
                lesson.package
            );
            for (name, status) in test(root, lesson, &to_test)? {
                cache.results.insert(
                    name.clone(),
                    Cached {
                        key: key.clone(),
                        status: status.clone(),
                    },
                );
                if let Some(entry) = entries.iter_mut().find(|e| e.exercise.name == name) {
                    entry.status = status;
                }
            }
        }
        state::save(root, CACHE_FILE, &cache)?;
        Ok(Progress { entries })
    }

    pub fn done(&self) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.status == Status::Done)
            .count()
    }

    /// The first exercise that is not done, in the book's order.
    pub fn next(&self) -> Option<&Entry<'a>> {
        self.entries
            .iter()
            .find(|entry| entry.status != Status::Done)
    }

    /// The first exercise after `name` (wrapping round) that is not done.
    pub fn next_after(&self, name: &str) -> Option<&Entry<'a>> {
        let after = self
            .entries
            .iter()
            .position(|entry| entry.exercise.name == name)
            .map_or(0, |position| position + 1);
        let count = self.entries.len();
        (0..count)
            .map(|offset| &self.entries[(after + offset) % count])
            .find(|entry| entry.status != Status::Done)
    }

    /// The progress bar and the table of every lesson and exercise, with the learner's
    /// place (`current`) marked and described at the end.
    pub fn render(&self, current: Option<&str>) -> String {
        self.render_lessons(current, |_| true)
    }

    /// Like [`Progress::render`], but only the learner's lesson lists its exercises;
    /// every other lesson is one line. Watch mode shows this: it fits a terminal.
    pub fn render_compact(&self, current: Option<&str>) -> String {
        let place = self
            .place(current)
            .map(|entry| entry.lesson.package.clone());
        self.render_lessons(current, |lesson| Some(&lesson.package) == place.as_ref())
    }

    fn render_lessons(&self, current: Option<&str>, listed: impl Fn(&Lesson) -> bool) -> String {
        let total = self.entries.len();
        let done = self.done();
        let mut out = format!(
            "Spinning Plates: {done} of {total} exercises done\n{}\n",
            bar(done, total, 30)
        );
        let width = self
            .entries
            .iter()
            .map(|entry| entry.exercise.name.chars().count())
            .max()
            .unwrap_or(0);
        let mut lesson_shown = None;
        for (index, entry) in self.entries.iter().enumerate() {
            let lesson = entry.lesson;
            let first_of_lesson = lesson_shown != Some(&lesson.package);
            lesson_shown = Some(&lesson.package);
            if !listed(lesson) {
                if index == 0 {
                    out.push('\n');
                }
                if first_of_lesson {
                    let of_lesson = self
                        .entries
                        .iter()
                        .filter(|e| e.lesson.package == lesson.package);
                    let (done, count) = of_lesson.fold((0, 0), |(done, count), e| {
                        (done + usize::from(e.status == Status::Done), count + 1)
                    });
                    out.push_str(&format!(
                        "{}  {}  {done}/{count} done\n",
                        lesson.package, lesson.title
                    ));
                }
                continue;
            }
            if first_of_lesson {
                let header = format!(
                    "\n{}  {}  (read {})\n",
                    lesson.package,
                    lesson.title,
                    lesson.chapter.display()
                );
                out.push_str(&wrap::fit(&header, wrap::width()));
            }
            let here = Some(entry.exercise.name.as_str()) == current;
            out.push_str(&format!(
                "{} {} {:<width$}  {:<12} {}\n",
                if here { "→" } else { " " },
                entry.status.symbol(),
                entry.exercise.name,
                entry.status.word(),
                entry.exercise.file.display()
            ));
            let last_of_lesson = self
                .entries
                .iter()
                .rev()
                .find(|e| e.lesson.package == lesson.package)
                .is_some_and(|last| last.exercise.name == entry.exercise.name);
            if last_of_lesson && !self.entries.iter().all(|e| listed(e.lesson)) {
                out.push('\n');
            }
        }
        match self.place(current) {
            Some(next) => out.push_str(&format!("\nNext: {}", next.describe())),
            None => out.push_str("\nEvery exercise is done. Well spun!\n"),
        }
        out
    }

    /// The learner's place, or else the first exercise not done.
    fn place(&self, current: Option<&str>) -> Option<&Entry<'a>> {
        current
            .and_then(|name| self.entries.iter().find(|e| e.exercise.name == name))
            .or_else(|| self.next())
    }
}

impl Entry<'_> {
    /// The exercise, where it stands (with what fails, if anything), and where to go.
    pub fn describe(&self) -> String {
        let (lesson, exercise) = (self.lesson, self.exercise);
        let mut out = format!(
            "{} {} ({}): {}\n",
            self.status.symbol(),
            exercise.name,
            lesson.package,
            self.status.word()
        );
        if let Status::Failing { summary } = &self.status {
            for line in summary.trim().lines() {
                match line {
                    "" => out.push('\n'),
                    line => out.push_str(&format!("    {line}\n")),
                }
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "  Edit:  {}\n  Test:  {}\n  Read:  {}\n  Hint:  cargo workbook hint {}\n",
            exercise.file.display(),
            exercise.test_command(lesson),
            lesson.chapter.display(),
            exercise.name
        ));
        out
    }
}

/// `[#########---------------------]  30%`
fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0);
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {percent:>3}%",
        "#".repeat(filled),
        "-".repeat(width - filled)
    )
}

fn names(exercises: &[&Exercise]) -> String {
    let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
    names.join(", ")
}

fn is_pristine(root: &Path, pristine: &Pristine, exercise: &Exercise) -> Result<bool> {
    let current = fs::read(root.join(&exercise.file))
        .with_context(|| format!("cannot read {}", exercise.file.display()))?;
    Ok(current == pristine.stub(&exercise.file)?)
}

/// What an exercise's result depends on: the lesson crate (its code and its tests),
/// every exercise file of the lesson (they compile together, so a mistake in one
/// fails them all), the kit the tests use, and the dependencies' versions.
fn lesson_key(root: &Path, lesson: &Lesson) -> Result<String> {
    let mut paths = vec![
        lesson.dir.as_path(),
        Path::new("kit"),
        Path::new("Cargo.lock"),
    ];
    for exercise in &lesson.exercises {
        let folder = exercise.file.parent().unwrap_or(Path::new(""));
        if !paths.contains(&folder) {
            paths.push(folder);
        }
    }
    files::hash(root, &paths, CACHE_FORMAT)
}

/// Builds and runs the checks of some exercises of one lesson.
fn test(root: &Path, lesson: &Lesson, exercises: &[&Exercise]) -> Result<Vec<(String, Status)>> {
    let targets: Vec<&str> = exercises.iter().map(|e| e.test.as_str()).collect();
    let (binaries, failed) = match checks::build(root, &lesson.package, &targets)? {
        Build::Built(binaries) => (binaries, None),
        Build::Failed {
            location,
            error,
            built,
        } => (built, Some((location, error))),
    };
    let mut results = Vec::new();
    let compiled = failed.is_none();
    if let Some((location, error)) = failed {
        let summary = match signature_changed(root, lesson, &location, &error)? {
            Some(explained) => format!("{explained}\nThe compiler said:\n{error}"),
            None => format!("{} does not compile ({location}):\n{error}", lesson.package),
        };
        // The exercise whose file (or test file) the error is in.
        let culprit = location.split(':').next().and_then(|file| {
            lesson.exercises.iter().find(|e| {
                Path::new(file) == e.file || signature::test_file(&location) == Some(&e.test)
            })
        });
        for e in exercises {
            // A test file that did not compile stops only its own exercise; the
            // exercise files compile together, so one of them stops every test.
            if binaries.contains_key(&e.test) {
                continue;
            }
            let summary = match culprit {
                Some(culprit) if culprit.name != e.name => wrap::fit(
                    &format!(
                        "`{}` cannot be tested yet: the exercises of {} compile together, \
                         and `{}` does not compile ({location}). Fix {} first, or set it \
                         aside with `cargo workbook reset {}` (your file is kept as a \
                         backup).\n",
                        e.name,
                        lesson.package,
                        culprit.name,
                        culprit.file.display(),
                        culprit.name
                    ),
                    wrap::width().saturating_sub(4),
                ),
                _ => summary.clone(),
            };
            results.push((e.name.clone(), Status::Failing { summary }));
        }
    }
    for exercise in exercises {
        let Some(binary) = binaries.get(&exercise.test) else {
            // Reported above as not compiling; after a build that succeeded, a bug.
            anyhow::ensure!(
                !compiled,
                "cargo built no test binary for `{}`",
                exercise.test
            );
            continue;
        };
        let status = match checks::run(binary, &root.join(&lesson.dir))? {
            Outcome::Passed => Status::Done,
            // Shown indented by four under the exercise's line.
            Outcome::Failed { summary } => Status::Failing {
                summary: wrap::fit(&summary, wrap::width().saturating_sub(4)),
            },
        };
        results.push((exercise.name.clone(), status));
    }
    Ok(results)
}

/// When the error is in the tests of one of the lesson's exercises, the exercise's
/// public signatures have changed: says so, with the signatures the tests expect.
fn signature_changed(
    root: &Path,
    lesson: &Lesson,
    location: &str,
    error: &str,
) -> Result<Option<String>> {
    let Some(test) = signature::test_file(location) else {
        return Ok(None);
    };
    let Some(exercise) = lesson.exercises.iter().find(|e| e.test == test) else {
        return Ok(None);
    };
    let stub = Pristine::new(root).stub(&exercise.file)?;
    let expected = signature::expected(&String::from_utf8_lossy(&stub));
    let expected: String = expected
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect();
    // Shown indented by four under the exercise's line; the code keeps its own lines.
    let width = wrap::width().saturating_sub(4);
    let explain = |text: String| wrap::fit(&text, width);
    let said = explain(format!(
        "The tests of `{name}` no longer compile against {file} ({location}): they call \
         your code as the stub declared it, and a signature in your file has changed.{unpin} \
         Do not edit the tests. They expect:\n",
        name = exercise.name,
        file = exercise.file.display(),
        unpin = if error.contains("Unpin") {
            " (The compiler's suggestion to add `+ Unpin` to a bound does this: it moves \
             the error into the tests. Pin the future inside your function instead: \
             `std::pin::pin!(future)`.)"
        } else {
            ""
        },
    ));
    let fix = explain(format!(
        "Put your signatures back to these and solve the problem inside the body; \
         `cargo workbook reset {name}` restores the stub, with a backup of your file.\n",
        name = exercise.name,
    ));
    Ok(Some(format!("{said}\n{expected}\n{fix}")))
}
