//! The wrong answers each lesson keeps, and the proof that its checks catch them.
//!
//! A check that fails on `todo!()` proves little: the mistakes worth catching are the
//! ones a learner really makes (the lost update between two lock calls, the thread
//! joined right after it starts, the permit leaked on the error path). Each lesson
//! keeps such answers in `lessons/lesson-NN/wrong/<exercise>/<mistake>.rs`: a complete
//! file in place of the exercise, with one mistake, that starts with two lines:
//!
//! ```text
//! // Wrong: <the mistake, as the learner made it>
//! // Caught by <test_name>: "<a phrase of the failure message that names it>"
//! ```
//!
//! A third line, `// Draws: "<a phrase of the drawing>"`, says that the failure also
//! ends with the learner's run drawn (see `kit::timeline::text`), and what the drawing
//! must show: `peak 1` for a staircase, a lane's name for the one lane a blocked
//! runtime left. Every exercise where more than one thing happens at once keeps at
//! least one such answer, unless its metadata says why nothing can be drawn
//! (`no_timeline = "<why>"`).
//!
//! To try one, the runner copies the workspace to `target/workbook/wrong-answers/`
//! (so the learner's files are never touched), puts the reference solutions in place
//! of every exercise, then the wrong answer in place of its own, and runs that
//! exercise's tests. It is caught when it compiles, the tests fail, the named test is
//! among the failures and the output contains the phrase: the learner who made that
//! mistake is told about that mistake. With several runs, every run must catch it.
//!
//! The copy has a Cargo target directory of its own: Cargo names a workspace crate's
//! artifacts by its path inside the workspace, so builds of the copy in the
//! checkout's target directory would replace the checkout's own.

use crate::cargo_test::TestRun;
use crate::lessons::{Exercise, Lesson, Workbook};
use crate::state;
use anyhow::{Context, Result};
use cargo_metadata::Message;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;

/// Fewer than this many wrong answers for an exercise is a gap that verify reports.
pub const AT_LEAST: usize = 2;

/// One kept wrong answer.
#[derive(Debug, Clone)]
pub struct WrongAnswer {
    pub package: String,
    pub exercise: String,
    /// The file's name without `.rs`: the mistake, in snake case.
    pub name: String,
    /// The file, relative to the workspace root.
    pub file: PathBuf,
    /// The mistake, from the `// Wrong:` line.
    pub mistake: String,
    /// The test that must fail, from the `// Caught by` line.
    pub test: String,
    /// What its failure message must say.
    pub phrase: String,
    /// What the drawing of the run, which the failure must end with, must show: from
    /// an optional `// Draws:` line.
    pub draws: Option<String>,
}

/// What trying a wrong answer found.
#[derive(Debug)]
pub enum Verdict {
    /// Every run failed the named test with the phrase.
    Caught,
    /// It does not compile, so it tests nothing.
    DoesNotCompile(String),
    /// Run `run` (1-based) of `runs` did not catch it: what went wrong, with the output.
    Missed { run: u32, why: String },
}

/// The wrong answers of one exercise, sorted by name.
pub fn of_exercise(root: &Path, lesson: &Lesson, exercise: &Exercise) -> Result<Vec<WrongAnswer>> {
    let dir = lesson.dir.join("wrong").join(&exercise.name);
    let Ok(entries) = fs::read_dir(root.join(&dir)) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file = dir.join(format!("{name}.rs"));
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let (mistake, test, phrase) = parse_header(&text)
                .with_context(|| format!("{}: the first two lines must be `// Wrong: <the mistake>` and `// Caught by <test>: \"<phrase>\"`", file.display()))?;
            let draws = parse_draws(&text)
                .with_context(|| format!("{}: the third line must be `// Draws: \"<phrase>\"`", file.display()))?;
            Ok(WrongAnswer {
                package: lesson.package.clone(),
                exercise: exercise.name.clone(),
                name,
                file,
                mistake,
                test,
                phrase,
                draws,
            })
        })
        .collect()
}

/// Folders under `lessons/lesson-NN/wrong/` that name no exercise of the lesson: a
/// renamed exercise would otherwise leave its wrong answers silently untried.
pub fn strays(root: &Path, lesson: &Lesson) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join(lesson.dir.join("wrong"))) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !lesson.exercises.iter().any(|e| &e.name == name))
        .map(|name| format!("{}/wrong/{name}", lesson.dir.display()))
        .collect()
}

/// `(mistake, test, phrase)` from the first two lines.
fn parse_header(text: &str) -> Option<(String, String, String)> {
    let mut lines = text.lines();
    let mistake = lines.next()?.strip_prefix("// Wrong:")?.trim();
    let caught = lines.next()?.strip_prefix("// Caught by ")?;
    let (test, phrase) = caught.split_once(':')?;
    let phrase = phrase.trim().strip_prefix('"')?.strip_suffix('"')?;
    let test = test.trim();
    let valid_test = !test.is_empty()
        && test
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
    (!mistake.is_empty() && valid_test && !phrase.is_empty())
        .then(|| (mistake.to_string(), test.to_string(), phrase.to_string()))
}

/// The phrase of an optional third line, `// Draws: "<phrase>"`: `Ok(None)` without
/// one, `None` for a malformed one.
fn parse_draws(text: &str) -> Option<Option<String>> {
    let Some(line) = text
        .lines()
        .nth(2)
        .and_then(|line| line.strip_prefix("// Draws:"))
    else {
        return Some(None);
    };
    let phrase = line.trim().strip_prefix('"')?.strip_suffix('"')?;
    (!phrase.is_empty()).then(|| Some(phrase.to_string()))
}

/// A copy of the workspace in which wrong answers are built one at a time.
#[derive(Debug)]
pub struct Scratch {
    root: PathBuf,
    target: PathBuf,
    /// Where each built test binary is kept until it has run: the next build of the
    /// same test target writes over Cargo's copy.
    binaries: PathBuf,
}

/// A wrong answer's test binary, built and ready to run.
#[derive(Debug)]
struct Built {
    wrong: WrongAnswer,
    binary: PathBuf,
    /// The lesson crate's folder in the checkout: where `cargo test` would run it.
    dir: PathBuf,
}

impl Scratch {
    /// Copies the workspace's sources (not its build output, git data or book) into
    /// `target/workbook/wrong-answers/workspace`, with every exercise replaced by its
    /// reference solution.
    pub fn new(workbook: &Workbook) -> Result<Scratch> {
        let base = state::dir(&workbook.root).join("wrong-answers");
        let root = base.join("workspace");
        let binaries = base.join("binaries");
        for dir in [&root, &binaries] {
            if dir.exists() {
                fs::remove_dir_all(dir)
                    .with_context(|| format!("cannot empty {}", dir.display()))?;
            }
        }
        copy_sources(&workbook.root, &root)?;
        for (_, exercise) in workbook.all_exercises() {
            fs::copy(
                workbook.root.join(exercise.solution_file()),
                root.join(&exercise.file),
            )
            .with_context(|| format!("cannot copy the solution of {}", exercise.name))?;
        }
        fs::create_dir_all(&binaries)
            .with_context(|| format!("cannot create {}", binaries.display()))?;
        Ok(Scratch {
            root,
            target: base.join("target"),
            binaries,
        })
    }

    /// Builds the tests of `exercise` with `wrong` in its place; the test binary, or
    /// the compiler's complaint.
    fn build(
        &self,
        workbook: &Workbook,
        lesson: &Lesson,
        exercise: &Exercise,
        wrong: &WrongAnswer,
    ) -> Result<std::result::Result<Built, String>> {
        let in_place = self.root.join(&exercise.file);
        fs::copy(workbook.root.join(&wrong.file), &in_place)
            .with_context(|| format!("cannot put {} in place", wrong.file.display()))?;
        let built = self.compile(&wrong.package, &exercise.test);
        fs::copy(workbook.root.join(exercise.solution_file()), &in_place)
            .with_context(|| format!("cannot put back the solution of {}", exercise.name))?;
        let Some(binary) = built? else {
            return Ok(Err(self.compile_errors(&wrong.package, &exercise.test)));
        };
        let kept = self.binaries.join(format!(
            "{}-{}-{}",
            wrong.package, wrong.exercise, wrong.name
        ));
        fs::copy(&binary, &kept)
            .with_context(|| format!("cannot copy the test binary {}", binary.display()))?;
        Ok(Ok(Built {
            wrong: wrong.clone(),
            binary: kept,
            dir: workbook.root.join(&lesson.dir),
        }))
    }

    /// `cargo test --no-run` for one test target; the path of its binary, or `None`
    /// when it did not compile.
    fn compile(&self, package: &str, test: &str) -> Result<Option<PathBuf>> {
        let output = self
            .cargo(package, test)
            .arg("--message-format=json-render-diagnostics")
            .stderr(Stdio::null())
            .output()
            .context("could not run `cargo test --no-run`")?;
        if !output.status.success() {
            return Ok(None);
        }
        let binary = Message::parse_stream(output.stdout.as_slice())
            .filter_map(|message| match message {
                Ok(Message::CompilerArtifact(artifact))
                    if artifact.target.name == test && artifact.profile.test =>
                {
                    artifact.executable
                }
                _ => None,
            })
            .last();
        Ok(binary.map(|path| path.into_std_path_buf()))
    }

    /// The compiler's errors, for the report (cargo prints them again, from its cache).
    fn compile_errors(&self, package: &str, test: &str) -> String {
        match self.cargo(package, test).output() {
            Ok(output) => tail(&String::from_utf8_lossy(&output.stderr), 30),
            Err(error) => format!("could not run cargo: {error}"),
        }
    }

    fn cargo(&self, package: &str, test: &str) -> Command {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let mut command = Command::new(cargo);
        command
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .args(["test", "--package", package, "--test", test, "--no-run"]);
        command
    }
}

impl Built {
    /// Runs the tests `runs` times, as `cargo test` would; every run must catch it.
    fn judge(&self, runs: u32) -> Verdict {
        for run in 1..=runs {
            let output = Command::new(&self.binary)
                .current_dir(&self.dir)
                .env("RUST_BACKTRACE", "0")
                .output();
            let result = match output {
                Ok(output) => TestRun::from_output(
                    output.status.success(),
                    &String::from_utf8_lossy(&output.stdout),
                    &String::from_utf8_lossy(&output.stderr),
                ),
                Err(error) => {
                    return Verdict::Missed {
                        run,
                        why: format!("its test binary could not run: {error}"),
                    };
                }
            };
            if let Some(why) = missed(&result, &self.wrong) {
                return Verdict::Missed { run, why };
            }
        }
        Verdict::Caught
    }
}

/// Why a run that should have caught `wrong` did not; `None` when it did.
fn missed(run: &TestRun, wrong: &WrongAnswer) -> Option<String> {
    if run.failed == 0 {
        return Some(format!(
            "every test passed ({} of them): the checks do not see this mistake",
            run.passed
        ));
    }
    let failed_line = format!("test {} ... FAILED", wrong.test);
    if !run.output.lines().any(|line| line.trim() == failed_line) {
        let failed: Vec<&str> = run
            .output
            .lines()
            .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
            .collect();
        return Some(format!(
            "`{}` did not fail (the failures were: {}); fix the `// Caught by` line or the test",
            wrong.test,
            failed.join(", ")
        ));
    }
    let message = test_output(&run.output, &wrong.test);
    if !message.contains(&wrong.phrase) {
        return Some(format!(
            "`{}` failed, but its message does not say \"{}\", so the learner is not told \
             about this mistake. It said:\n{}",
            wrong.test,
            wrong.phrase,
            tail(message, 30)
        ));
    }
    if let Some(drawn) = &wrong.draws {
        // The rows, after the legend's line: a legend explains `xxx` with `xxx`.
        let drawing = message.find(DRAWING).map(|at| {
            let rest = &message[at..];
            &rest[rest.find('\n').unwrap_or(rest.len())..]
        });
        match drawing {
            None => {
                return Some(format!(
                    "`{}` failed and named the mistake, but did not draw the run (no \"{DRAWING}\"), \
                     though its `// Draws:` line says it does. It said:\n{}",
                    wrong.test,
                    tail(message, 30)
                ));
            }
            Some(drawing) if !shows(drawing, drawn) => {
                return Some(format!(
                    "`{}` drew the run, but the drawing does not show \"{drawn}\". It drew:\n{}",
                    wrong.test,
                    tail(drawing, 30)
                ));
            }
            Some(_) => {}
        }
    }
    None
}

/// Whether `drawing` contains `phrase`. A phrase that names a number (`peak 1`,
/// `connection 4`: words, then digits) must not go on in a digit, so that `peak 1` is
/// not found in `peak 10`; any other phrase (`[xxx`, a row of the "at once" counts such
/// as `1   1`) is found anywhere.
fn shows(drawing: &str, phrase: &str) -> bool {
    let names_a_number =
        phrase.ends_with(|c: char| c.is_ascii_digit()) && phrase.contains(char::is_alphabetic);
    drawing.match_indices(phrase).any(|(at, _)| {
        !names_a_number || !drawing[at + phrase.len()..].starts_with(|c: char| c.is_ascii_digit())
    })
}

/// How every drawing of a learner's run starts (see `kit::Exercise::drawing`).
const DRAWING: &str = "Your run, ";

/// What libtest printed for one failed test: the lines after `---- <test> stdout ----`
/// up to the next such header or the list of failures.
fn test_output<'a>(output: &'a str, test: &str) -> &'a str {
    let header = format!("---- {test} stdout ----");
    let Some(start) = output.find(&header).map(|at| at + header.len()) else {
        return "";
    };
    let rest = &output[start..];
    let end = [rest.find("\n---- "), rest.find("\nfailures:")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Copies `from` to `to`, leaving out build output, version-control data, hidden
/// files and the built book.
fn copy_sources(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        if name_text.starts_with('.') || name_text == "target" || name_text == "book-html" {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_sources(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            fs::copy(entry.path(), to.join(&name))
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Checks that every exercise of every lesson keeps enough wrong answers, and that
/// none is kept for an exercise that does not exist. Returns one problem per gap.
pub fn gaps(workbook: &Workbook) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    for lesson in &workbook.lessons {
        problems.extend(
            strays(&workbook.root, lesson)
                .into_iter()
                .map(|dir| format!("{dir} names no exercise of {}", lesson.package)),
        );
        for exercise in &lesson.exercises {
            let answers = of_exercise(&workbook.root, lesson, exercise)?;
            let kept = answers.len();
            if exercise.no_timeline.is_none() && !answers.iter().any(|a| a.draws.is_some()) {
                problems.push(format!(
                    "{}: no wrong answer of `{}` says what its failure draws (a `// Draws:` line); \
                     if nothing in it runs at once, say why with `no_timeline` in its metadata",
                    lesson.package, exercise.name
                ));
            }
            if kept < AT_LEAST {
                problems.push(format!(
                    "{}: exercise `{}` keeps {kept} wrong answer(s) in {}/wrong/{}/; at least {AT_LEAST}",
                    lesson.package,
                    exercise.name,
                    lesson.dir.display(),
                    exercise.name
                ));
            }
        }
    }
    Ok(problems)
}

/// How trying the wrong answers of some exercises went.
#[derive(Debug, Default)]
pub struct Tally {
    pub caught: usize,
    pub tried: usize,
    /// One explanation per wrong answer that was not caught.
    pub problems: Vec<String>,
}

/// Tries every wrong answer of `exercises` (only the one named `only`, if given), `runs` times each, printing a line per
/// answer when `verbose`. One thread builds each answer's tests while another runs
/// those already built, so the waiting in the tests overlaps the compiling.
pub fn try_all(
    workbook: &Workbook,
    scratch: &Scratch,
    exercises: &[(&Lesson, &Exercise)],
    only: Option<&str>,
    runs: u32,
    verbose: bool,
) -> Result<BTreeMap<String, Tally>> {
    let (to_run, built) = mpsc::channel::<Built>();
    let (to_report, judged) = mpsc::channel::<(WrongAnswer, Verdict)>();
    let runner = thread::spawn(move || {
        for answer in built {
            let verdict = answer.judge(runs);
            if verbose {
                say(&answer.wrong, &verdict, runs);
            }
            if to_report.send((answer.wrong, verdict)).is_err() {
                break;
            }
        }
    });
    let mut compile_failures = Vec::new();
    for (lesson, exercise) in exercises {
        let answers = of_exercise(&workbook.root, lesson, exercise)?;
        for wrong in answers
            .into_iter()
            .filter(|wrong| only.is_none_or(|name| name == wrong.name))
        {
            match scratch.build(workbook, lesson, exercise, &wrong)? {
                Ok(answer) => to_run
                    .send(answer)
                    .expect("the runner thread lives until the channel closes"),
                Err(errors) => {
                    let verdict = Verdict::DoesNotCompile(errors);
                    if verbose {
                        say(&wrong, &verdict, runs);
                    }
                    compile_failures.push((wrong, verdict));
                }
            }
        }
    }
    drop(to_run);
    runner
        .join()
        .map_err(|_| anyhow::anyhow!("the thread running the wrong answers panicked"))?;

    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (wrong, verdict) in judged.into_iter().chain(compile_failures) {
        let tally = tallies.entry(wrong.package.clone()).or_default();
        tally.tried += 1;
        let problem = match verdict {
            Verdict::Caught => {
                tally.caught += 1;
                continue;
            }
            Verdict::DoesNotCompile(output) => format!(
                "does not compile, so it tests nothing: a wrong answer must build\n{output}"
            ),
            Verdict::Missed { run, why } => format!("not caught in run {run} of {runs}: {why}"),
        };
        tally.problems.push(format!(
            "{}: wrong answer {} ({}) {problem}",
            wrong.package,
            wrong.file.display(),
            wrong.mistake
        ));
    }
    Ok(tallies)
}

/// One line for a wrong answer, as soon as it is judged.
fn say(wrong: &WrongAnswer, verdict: &Verdict, runs: u32) {
    let label = format!("{} {}/{}", wrong.package, wrong.exercise, wrong.name);
    match verdict {
        Verdict::Caught => println!("  caught  {label:<54} by {} ({runs}/{runs})", wrong.test),
        Verdict::DoesNotCompile(_) => println!("  BROKEN  {label:<54} (does not compile)"),
        Verdict::Missed { run, .. } => println!("  MISSED  {label:<54} (run {run} of {runs})"),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_draws, parse_header, shows, test_output};

    #[test]
    fn a_phrase_that_ends_in_a_digit_ends_there() {
        assert!(shows("events in order; peak 1\n", "peak 1"));
        assert!(!shows("events in order; peak 10\n", "peak 1"));
        assert!(shows("peak 10 and then peak 1", "peak 1"));
        assert!(shows("  connection 1  [xxx", "[xxx"));
        assert!(shows("  polls  [xxxxxxxx", "[x"));
        assert!(shows("  at once  1112111   111211", "1   1"));
    }

    #[test]
    fn reads_an_optional_draws_line() {
        let header = "// Wrong: x\n// Caught by t: \"y\"\n";
        assert_eq!(
            parse_draws(&format!("{header}use std::thread;\n")),
            Some(None)
        );
        assert_eq!(
            parse_draws(&format!("{header}// Draws: \"peak 1\"\n")),
            Some(Some("peak 1".to_string()))
        );
        assert_eq!(parse_draws(&format!("{header}// Draws: peak 1\n")), None);
        assert_eq!(parse_draws(&format!("{header}// Draws: \"\"\n")), None);
    }

    #[test]
    fn reads_the_two_header_lines() {
        let text = "// Wrong: joins each thread right after spawning it\n\
                    // Caught by all_requests_are_in_flight_together: \"one at a time\"\n\
                    use std::thread;\n";
        assert_eq!(
            parse_header(text),
            Some((
                "joins each thread right after spawning it".to_string(),
                "all_requests_are_in_flight_together".to_string(),
                "one at a time".to_string()
            ))
        );
    }

    #[test]
    fn rejects_a_header_without_test_or_phrase() {
        assert_eq!(parse_header("// Wrong: x\n// Caught by : \"y\"\n"), None);
        assert_eq!(parse_header("// Wrong: x\n// Caught by t: y\n"), None);
        assert_eq!(parse_header("// Wrong: x\nuse std::thread;\n"), None);
        assert_eq!(parse_header("//! A solution\n"), None);
    }

    #[test]
    fn finds_one_tests_message() {
        let output = "running 2 tests\n\nfailures:\n\n---- first stdout ----\n\
                      about the first\n\n---- second stdout ----\nabout the second\n\n\
                      failures:\n    first\n    second\n";
        assert!(test_output(output, "first").contains("about the first"));
        assert!(!test_output(output, "first").contains("second"));
        assert!(test_output(output, "second").contains("about the second"));
        assert_eq!(test_output(output, "third"), "");
    }
}
