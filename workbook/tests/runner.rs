//! The runner as a learner uses it, in a fresh clone of this workspace.
//!
//! Each test clones the committed workspace into a temporary folder (what a learner
//! gets) and runs the runner's binary there, without a terminal.
//!
//! Each test has a Cargo target directory of its own, kept between runs of the suite so
//! the dependencies compile only once. Not one shared by all: Cargo names a workspace
//! crate's binaries by its path *inside* the workspace, so two clones building at the
//! same time would overwrite each other's test binaries.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// A learner's clone of the workbook, deleted when dropped.
struct Clone {
    dir: TempDir,
    target_dir: PathBuf,
}

impl Clone {
    /// A clone for the test `name`.
    fn new(name: &str) -> Clone {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the runner lives in the workspace");
        let dir = tempfile::tempdir().expect("a temporary folder");
        git(
            dir.path(),
            &[
                "clone",
                "--quiet",
                "--single-branch",
                source.to_str().unwrap(),
                ".",
            ],
        );
        let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("runner-tests")
            .join(name);
        Clone { dir, target_dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).expect("a readable file")
    }

    fn write(&self, relative: &str, text: &str) {
        fs::write(self.path(relative), text).expect("a writable file");
    }

    /// Runs `cargo workbook <args>` here, with no terminal; returns (success, stdout, stderr).
    fn workbook(&self, args: &[&str]) -> (bool, String, String) {
        let output: Output = Command::new(env!("CARGO_BIN_EXE_workbook"))
            .args(args)
            .current_dir(self.root())
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .output()
            .expect("the runner starts");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// The status word `list` shows for an exercise.
    fn status(&self, exercise: &str) -> String {
        let (ok, out, err) = self.workbook(&["list"]);
        assert!(ok, "`list` failed:\n{out}\n{err}");
        let line = out
            .lines()
            .find(|line| line.split_whitespace().nth(1) == Some(exercise))
            .unwrap_or_else(|| panic!("`list` does not show {exercise}:\n{out}"));
        let words: Vec<&str> = line.split_whitespace().collect();
        // "✓ countdown done exercises/..." or "· countdown not started exercises/..."
        words[2..words.len() - 1].join(" ")
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Learner",
            "-c",
            "user.email=learner@example.com",
        ])
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

#[test]
fn without_a_terminal_it_prints_plain_progress_and_exits() {
    let clone = Clone::new("without_a_terminal_it_prints_plain_progress_and_exits");
    let (ok, out, err) = clone.workbook(&[]);
    assert!(ok, "{err}");
    // Nothing is done yet, however many exercises the workbook has by now.
    assert!(out.starts_with("Spinning Plates: 0 of "), "{out}");
    assert!(out.contains(" exercises done"), "{out}");
    assert!(
        out.contains("not started  exercises/lesson-01/countdown.rs"),
        "{out}"
    );
    assert!(out.contains("Next: · countdown"), "{out}");
    assert!(
        !out.contains('\x1b'),
        "no terminal codes in plain output:\n{out}"
    );
    assert!(
        !out.contains("Watching"),
        "no watch mode without a terminal:\n{out}"
    );
}

#[test]
fn progress_follows_solving_committing_and_resetting() {
    let clone = Clone::new("progress_follows_solving_committing_and_resetting");
    let stub = clone.read("exercises/lesson-01/countdown.rs");
    let solution = clone.read("solutions/lesson-01/countdown.rs");
    assert_eq!(clone.status("countdown"), "not started");

    clone.write("exercises/lesson-01/countdown.rs", &solution);
    assert_eq!(clone.status("countdown"), "done");
    assert_eq!(clone.status("averager"), "not started");

    // A corrupt cache is rebuilt without a word.
    clone.write("target/workbook/progress.json", "{ not json");
    assert_eq!(clone.status("countdown"), "done");

    // A learner who commits their answer has still done it, not "not started" it.
    git(
        clone.root(),
        &["commit", "--quiet", "--all", "--message", "my countdown"],
    );
    assert_eq!(clone.status("countdown"), "done");

    let (ok, out, err) = clone.workbook(&["reset", "countdown"]);
    assert!(ok, "{err}");
    assert_eq!(clone.read("exercises/lesson-01/countdown.rs"), stub);
    assert_eq!(clone.status("countdown"), "not started");

    // The backup it names holds the learner's answer.
    let backup = out
        .split_whitespace()
        .find(|word| word.ends_with(".workbook-backup"))
        .unwrap_or_else(|| panic!("reset names no backup:\n{out}"));
    assert_eq!(clone.read(backup), solution);
}

#[test]
fn a_wrong_answer_shows_the_failing_check_and_a_broken_one_the_compiler_error() {
    let clone =
        Clone::new("a_wrong_answer_shows_the_failing_check_and_a_broken_one_the_compiler_error");
    let wrong = clone
        .read("solutions/lesson-01/countdown.rs")
        .replace("checked_sub(1)", "checked_sub(2)");
    assert_ne!(wrong, clone.read("solutions/lesson-01/countdown.rs"));
    clone.write("exercises/lesson-01/countdown.rs", &wrong);
    let (_, out, _) = clone.workbook(&["list"]);
    assert!(
        out.contains("✗ exercise countdown: Countdown::new(3) should yield"),
        "{out}"
    );
    assert!(!out.contains("stack backtrace"), "{out}");

    clone.write(
        "exercises/lesson-01/countdown.rs",
        &(wrong + "\nfn oops() -> u32 { \"no\" }\n"),
    );
    let (_, out, _) = clone.workbook(&["list"]);
    assert!(
        out.contains("does not compile (exercises/lesson-01/countdown.rs:"),
        "{out}"
    );
    assert!(out.contains("mismatched types"), "{out}");
}

#[test]
fn unknown_names_get_suggestions() {
    let clone = Clone::new("unknown_names_get_suggestions");
    for (args, suggestion) in [
        (&["hint", "countdwn"][..], "`countdown`"),
        (&["reset", "round-robin"][..], "`round_robin`"),
        (&["open", "lesson1"][..], "`lesson-01`"),
    ] {
        let (ok, out, err) = clone.workbook(args);
        assert!(!ok, "{args:?} should fail:\n{out}");
        assert!(
            err.contains("Did you mean") && err.contains(suggestion),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn hints_come_one_at_a_time() {
    let clone = Clone::new("hints_come_one_at_a_time");
    let (_, first, _) = clone.workbook(&["hint", "countdown"]);
    assert!(
        first.contains("Hint 1 of 3") && !first.contains("Hint 2 of 3"),
        "{first}"
    );
    let (_, second, _) = clone.workbook(&["hint", "countdown"]);
    assert!(
        second.contains("Hint 2 of 3") && !second.contains("Hint 3 of 3"),
        "{second}"
    );
    let (_, all, _) = clone.workbook(&["hint", "countdown", "--all"]);
    assert!(all.contains("Hint 3 of 3"), "{all}");

    let (ok, _, err) = clone.workbook(&["solution", "countdown"]);
    assert!(!ok && err.contains("--yes"), "{err}");
}
