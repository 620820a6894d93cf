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

use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::thread;

/// How one exercise's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Standing {
    Done,
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
    let mut standings = Vec::new();
    let mut lesson_broken = false;
    for exercise in exercises {
        if lesson_broken {
            standings.push((*exercise, Standing::NotRun));
            continue;
        }
        println!("\n== {package}: {exercise} ==");
        let (standing, in_lesson_code) = run_one(package, exercise, solution);
        lesson_broken = in_lesson_code;
        standings.push((*exercise, standing));
    }
    print!("{}", table(package, &standings));
    let all_done = standings.iter().all(|(_, s)| *s == Standing::Done);
    if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs one exercise's tests, passing everything through, and reads how they ended.
/// The flag says that the compile error was in the lesson's own code (the exercise
/// files), which every other exercise's tests would hit too.
fn run_one(package: &str, exercise: &str, solution: bool) -> (Standing, bool) {
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
    if io::stdout().is_terminal() {
        command.args(["--", "--color", "always"]);
    }
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => {
            return (
                Standing::DoesNotCompile(format!("could not run cargo: {error}")),
                true,
            );
        }
    };
    let stdout = child.stdout.take().map(|out| pass_through(out, false));
    let stderr = child.stderr.take().map(|err| pass_through(err, true));
    let printed = [stdout, stderr]
        .into_iter()
        .flatten()
        .map(|copier| copier.join().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let passed = child.wait().is_ok_and(|status| status.success());
    if passed {
        return (Standing::Done, false);
    }
    let printed = without_colours(&printed);
    if let Some(mut error) = compile_error(&printed) {
        let in_lesson_code = printed.contains(&format!("could not compile `{package}` (lib"));
        if error.contains("/tests/") {
            // The learner edits only the exercise: its signature no longer fits the tests.
            error = format!(
                "the tests no longer fit your exercise's signature (`cargo workbook {exercise}` \
                 shows the one they expect): {error}"
            );
        }
        return (Standing::DoesNotCompile(error), in_lesson_code);
    }
    (Standing::Failing(first_failure(exercise, &printed)), false)
}

/// Copies a child's output to ours as it comes, line by line, and returns all of it.
fn pass_through(from: impl Read + Send + 'static, to_stderr: bool) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(from).split(b'\n').map_while(Result::ok) {
            let line = String::from_utf8_lossy(&line);
            // Nobody left to tell if our own output is closed; keep reading regardless.
            let _ = if to_stderr {
                writeln!(io::stderr(), "{line}")
            } else {
                writeln!(io::stdout(), "{line}")
            };
            all.push_str(&line);
            all.push('\n');
        }
        all
    })
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
fn table(package: &str, standings: &[(&str, Standing)]) -> String {
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
            Standing::Failing(what) => ("✗", "failing", what.clone()),
            Standing::DoesNotCompile(what) => ("✗", "does not compile", what.clone()),
            Standing::NotRun => ("·", "not run", "the lesson does not compile (above)".into()),
        };
        out.push_str(&format!("  {symbol} {name:<width$}  {word}"));
        if !first.is_empty() {
            out.push_str(&format!(": {}", shorten(&first, 160)));
        }
        out.push('\n');
    }
    if let Some((name, _)) = standings.iter().find(|(_, s)| *s != Standing::Done) {
        out.push_str(&format!(
            "\nOne at a time: cargo test -p {package} --test {name}\n\
             Or let the runner watch your saves: cargo workbook {name}\n"
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
        );
        assert!(table.contains("1 of 3 exercises done"));
        assert!(table.contains("  ✓ foo_and_bar    done\n"));
        assert!(table.contains("  ✗ nap            failing: not written yet\n"));
        assert!(table.contains("cargo test -p lesson-04 --test nap"));
    }
}
