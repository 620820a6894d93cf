//! `cargo test -p lesson-NN`: every exercise of a lesson, in the chapter's order, then a
//! table of where each one stands.
//!
//! Cargo runs a package's test files in alphabetical order and stops at the first one
//! that fails, so a learner who has just solved the lesson's first exercise would see
//! only the failures of whichever exercise sorts first. Each lesson therefore marks its
//! exercise test files `test = false` (`cargo test -p lesson-NN --test <exercise>` still
//! runs one) and has one test file, `tests/all_exercises.rs`, that calls [`test_all`]:
//! it runs `cargo test --test <exercise>` for each exercise in turn, shows everything
//! those runs print, and ends with the table.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

/// How one exercise's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Standing {
    Done,
    /// Every failure was a `todo!()` reached: the exercise is not written yet.
    NotStarted,
    /// Its tests ran and some failed: the first explained failure, if there was one.
    Failing(String),
    /// Its tests did not compile: the compiler's first error and where it is.
    DoesNotCompile(String),
    /// Not run: the lesson's own code does not compile, as the first run showed.
    NotRun,
}

/// Runs the tests of each of `exercises` (test target names, in the chapter's order) of
/// `package`, with the reference solutions when `solution` is set, then prints the
/// table. Fails when any exercise is not done.
pub fn test_all(package: &str, exercises: &[&str], solution: bool) -> ExitCode {
    // What `cargo test -p lesson-NN <filter> -- <options>` passed on: for every exercise.
    let passed_on: Vec<String> = std::env::args().skip(1).collect();
    if passed_on.iter().any(|arg| arg == "--list") {
        // Tools that list a package's tests (IDEs, nextest) ask every test binary.
        println!("all_exercises: test");
        return ExitCode::SUCCESS;
    }
    let mut standings = Vec::new();
    // The exercise whose file stops the whole lesson from compiling, once one does.
    let mut culprit: Option<String> = None;
    for exercise in exercises {
        if culprit.is_some() {
            standings.push((*exercise, Standing::NotRun));
            continue;
        }
        print!("\n== {package}: {exercise} ");
        let _ = io::stdout().flush();
        let (standing, in_lesson_code) = run_one(package, exercise, solution, &passed_on);
        if let Some(file) = in_lesson_code {
            culprit = Some(file);
        }
        standings.push((*exercise, standing));
    }
    print!("{}", table(package, &standings, culprit.as_deref()));
    if passed_on.iter().any(|arg| !arg.starts_with('-')) {
        println!(
            "(Only the tests that matched `{}` ran.)",
            passed_on.join(" ")
        );
    }
    let all_done = standings.iter().all(|(_, s)| *s == Standing::Done);
    if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs one exercise's tests, shows what they printed, and reads how they ended. When
/// the lesson's own code (the exercise files, compiled together) does not compile,
/// which every other exercise's tests would hit too, also returns the exercise whose
/// file the compiler names (or this one, if it names none).
fn run_one(
    package: &str,
    exercise: &str,
    solution: bool,
    passed_on: &[String],
) -> (Standing, Option<String>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command.args(["test", "--quiet", "--package", package, "--test", exercise]);
    if solution {
        command.args(["--features", "solution"]);
    }
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    if io::stderr().is_terminal() {
        command.args(["--color", "always"]);
    }
    command.arg("--");
    if io::stdout().is_terminal() {
        command.args(["--color", "always"]);
    }
    command.args(passed_on);
    let output = match command.stdin(Stdio::null()).output() {
        Ok(output) => output,
        Err(error) => {
            println!("==");
            let error = format!("could not run cargo: {error}");
            return (Standing::DoesNotCompile(error), Some(exercise.to_owned()));
        }
    };
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    let printed = without_colours(&format!("{stdout}\n{stderr}"));
    // The compiler's warnings (an unused `Result`, a future never awaited) always show;
    // cargo's "error: test failed" only repeats what the table says.
    let said: String = stderr
        .lines()
        .filter(|line| !without_colours(line).starts_with("error: test failed, to rerun"))
        .map(|line| format!("{line}\n"))
        .collect();
    if output.status.success() {
        println!("==\n{}", stdout.trim_end());
        eprint!("{said}");
        return (Standing::Done, None);
    }
    if let Some(file) = not_started(exercise, &printed) {
        // Its checks all stopped at a `todo!()`: one line says that better than their
        // failures, which all say it too.
        println!("==\n  not started: the `todo!()`s are still in {file}");
        eprint!("{said}");
        return (Standing::NotStarted, None);
    }
    println!("==\n{}", stdout.trim_end());
    eprint!("{said}");
    // Tests that ran did compile; a line of theirs that starts with "error:" is theirs.
    let tests_ran = stdout.lines().any(|line| line.starts_with("test result:"));
    if !tests_ran && let Some(mut error) = compile_error(&without_colours(&stderr)) {
        let in_lesson_code = printed
            .contains(&format!("could not compile `{package}` (lib"))
            .then(|| file_named(&error).unwrap_or(exercise).to_owned());
        if error.contains("/tests/") {
            // The learner edits only the exercise: its signature no longer fits the tests.
            error = format!(
                "the tests no longer fit your exercise's signature (`cargo workbook {exercise}` \
                 shows the one they expect): {error}"
            );
        }
        return (Standing::DoesNotCompile(error), in_lesson_code);
    }
    (Standing::Failing(first_failure(exercise, &printed)), None)
}

/// The exercise whose file a compile error names (`... (exercises/lesson-04/nap.rs:3:5)`).
fn file_named(error: &str) -> Option<&str> {
    let place = error.rsplit_once("(exercises/")?.1;
    let file = place.split(':').next()?;
    Path::new(file).file_stem()?.to_str()
}

/// The learner's file, if every check failed at a `todo!()` and none passed.
fn not_started(exercise: &str, printed: &str) -> Option<String> {
    let (passed, failed) = printed.lines().find_map(test_counts)?;
    let todo = format!("✗ exercise {exercise}: not written yet");
    let todos = printed
        .lines()
        .filter(|line| line.starts_with(&todo))
        .count();
    if passed > 0 || failed == 0 || todos < failed {
        return None;
    }
    printed
        .lines()
        .find_map(|line| line.trim().strip_prefix("Your file: "))
        .map(str::to_string)
}

/// `(passed, failed)` from libtest's `test result: FAILED. 0 passed; 2 failed; ...`.
fn test_counts(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("test result: ")?;
    let number_before = |word: &str| {
        rest.split("; ")
            .find_map(|part| part.rsplit(". ").next()?.strip_suffix(word))
            .and_then(|n| n.trim().parse().ok())
    };
    Some((number_before(" passed")?, number_before(" failed")?))
}

/// The compiler's first error, with the place it points at.
fn compile_error(printed: &str) -> Option<String> {
    let mut lines = printed.lines();
    let error = lines.find(|line| line.starts_with("error[") || line.starts_with("error: "))?;
    if error.starts_with("error: test failed") {
        return None;
    }
    let place = lines
        .take(3)
        .find_map(|line| line.trim_start().strip_prefix("--> "))
        .map(|place| format!(" ({place})"))
        .unwrap_or_default();
    Some(format!("{}{place}", error.trim_start_matches("error: ")))
}

/// The first explained failure of the exercise, or the first panic's message.
fn first_failure(exercise: &str, printed: &str) -> String {
    let explained = format!("✗ exercise {exercise}: ");
    if let Some(line) = printed
        .lines()
        .find_map(|line| line.strip_prefix(&explained))
    {
        return line.trim_end_matches(':').to_string();
    }
    let mut lines = printed.lines();
    if lines.any(|line| line.contains("panicked at"))
        && let Some(message) = lines.next()
    {
        return message.to_string();
    }
    "some tests failed: see their output above".to_string()
}

/// The table the run ends with.
/// The table the run ends with. `culprit` is the exercise whose file stops the lesson
/// compiling, if one does: the first thing to fix.
fn table(package: &str, standings: &[(&str, Standing)], culprit: Option<&str>) -> String {
    let width = standings
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    let done = standings
        .iter()
        .filter(|(_, s)| *s == Standing::Done)
        .count();
    let mut out = format!(
        "\n{package}: {done} of {} exercises done, in the chapter's order\n",
        standings.len()
    );
    for (name, standing) in standings {
        let (symbol, word, first) = match standing {
            Standing::Done => ("✓", "done", String::new()),
            Standing::NotStarted => ("·", "not started", String::new()),
            Standing::Failing(what) => ("✗", "failing", what.clone()),
            Standing::DoesNotCompile(what) => ("✗", "does not compile", what.clone()),
            Standing::NotRun => (
                "·",
                "not run",
                match culprit {
                    Some(culprit) => format!("{culprit}'s file does not compile (above)"),
                    None => "the lesson does not compile (above)".into(),
                },
            ),
        };
        out.push_str(&format!("  {symbol} {name:<width$}  {word}"));
        if !first.is_empty() {
            out.push_str(&format!(": {}", shorten(&first, 160)));
        }
        out.push('\n');
    }
    let first_to_fix = culprit.or_else(|| {
        standings
            .iter()
            .find(|(_, s)| *s != Standing::Done)
            .map(|(name, _)| *name)
    });
    if let Some(name) = first_to_fix {
        out.push_str(&format!(
            "\nOne at a time: cargo test -p {package} --test {name}\n\
             Or let the runner watch your saves: cargo workbook {name}\n\
             (cargo's \"error: test failed\" below only repeats this table.)\n"
        ));
    }
    out
}

fn shorten(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
}

/// The text without the terminal's colour codes (`ESC [ ... m`).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compile_error_is_read_with_its_place() {
        let printed =
            "error[E0308]: mismatched types\n  --> exercises/lesson-04/nap.rs:18:22\n   |\n";
        assert_eq!(
            compile_error(printed).as_deref(),
            Some("error[E0308]: mismatched types (exercises/lesson-04/nap.rs:18:22)")
        );
        assert_eq!(
            compile_error("error: test failed, to rerun pass `--test nap`"),
            None
        );
    }

    #[test]
    fn the_explained_failure_comes_first() {
        let printed = "thread 'x' panicked at a.rs:1:1:\nboom\n\n✗ exercise nap: the nap blocked the thread.\n";
        assert_eq!(first_failure("nap", printed), "the nap blocked the thread.");
        assert_eq!(first_failure("other", printed), "boom");
    }

    #[test]
    fn all_todos_is_not_started() {
        let printed = "✗ exercise nap: not written yet: the code reached a `todo!()`.\n  Your file: exercises/lesson-04/nap.rs\n\
                       ✗ exercise nap: not written yet: the code reached a `todo!()`.\n\
                       test result: FAILED. 0 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";
        assert_eq!(
            not_started("nap", printed).as_deref(),
            Some("exercises/lesson-04/nap.rs")
        );
        let one_passed = printed.replace("0 passed; 2 failed", "1 passed; 2 failed");
        assert_eq!(not_started("nap", &one_passed), None);
        let one_other = printed.replace("0 passed; 2 failed", "0 passed; 3 failed");
        assert_eq!(not_started("nap", &one_other), None);
    }

    #[test]
    fn a_compile_error_names_its_exercise() {
        let error = "error[E0308]: mismatched types (exercises/lesson-04/nap.rs:18:22)";
        assert_eq!(file_named(error), Some("nap"));
        assert_eq!(file_named("error: linking failed"), None);
        let table = table(
            "lesson-04",
            &[("foo_and_bar", Standing::NotRun)],
            Some("nap"),
        );
        assert!(table.contains("nap's file does not compile"), "{table}");
        assert!(table.contains("--test nap"), "{table}");
    }

    #[test]
    fn colours_are_removed() {
        assert_eq!(
            without_colours("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: x"),
            "error: x"
        );
    }

    #[test]
    fn the_table_lines_up_and_says_where_to_start() {
        let table = table(
            "lesson-04",
            &[
                ("foo_and_bar", Standing::Done),
                ("nap", Standing::Failing("not written yet".into())),
                ("greenlet_pool", Standing::NotRun),
            ],
            None,
        );
        assert!(table.contains("1 of 3 exercises done"));
        assert!(table.contains("  ✓ foo_and_bar    done\n"));
        assert!(table.contains("  ✗ nap            failing: not written yet\n"));
        assert!(table.contains("cargo test -p lesson-04 --test nap"));
    }
}
