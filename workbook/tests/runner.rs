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
        // The learner's place is marked with an arrow before the symbol.
        let words: Vec<&str> = out
            .lines()
            .map(|line| {
                line.trim_start_matches('→')
                    .split_whitespace()
                    .collect::<Vec<_>>()
            })
            .find(|words| words.get(1) == Some(&exercise))
            .unwrap_or_else(|| panic!("`list` does not show {exercise}:\n{out}"));
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
        (&["open", "lesson-1x"][..], "`lesson-01`"),
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

#[test]
fn the_place_is_where_the_learner_said_and_stays_there() {
    let clone = Clone::new("the_place_is_where_the_learner_said_and_stays_there");
    let (ok, out, err) = clone.workbook(&["lesson-5"]);
    assert!(ok, "{err}");
    assert!(out.contains("→ · countdown_future"), "{out}");
    assert!(out.contains("Next: · countdown_future"), "{out}");

    // Remembered by the next run, and used by the commands given no name.
    let (_, out, _) = clone.workbook(&[]);
    assert!(out.contains("Next: · countdown_future"), "{out}");
    let (ok, out, err) = clone.workbook(&["hint"]);
    assert!(
        ok && out.starts_with("countdown_future (lesson-05)"),
        "{out}{err}"
    );
    let (_, out, _) = clone.workbook(&["open"]);
    assert!(out.starts_with("countdown_future (lesson-05"), "{out}");

    // A lesson's name means that lesson's current exercise; an exercise's name moves the place.
    let (_, out, _) = clone.workbook(&["hint", "Lesson 4"]);
    assert!(out.starts_with("foo_and_bar (lesson-04)"), "{out}");
    let (_, out, _) = clone.workbook(&["round_robin"]);
    assert!(out.contains("→ · round_robin"), "{out}");
    let (_, out, _) = clone.workbook(&["open"]);
    assert!(out.starts_with("round_robin (lesson-01"), "{out}");
}

#[test]
fn a_changed_signature_is_explained_with_the_one_the_tests_expect() {
    let clone = Clone::new("a_changed_signature_is_explained_with_the_one_the_tests_expect");
    let changed = clone
        .read("solutions/lesson-01/countdown.rs")
        .replace("pub fn new(from: u32)", "pub fn new(from: u64)")
        .replace("Some(from)", "u32::try_from(from).ok()");
    assert!(
        changed.contains("from: u64"),
        "the solution's signature moved"
    );
    clone.write("exercises/lesson-01/countdown.rs", &changed);
    // Only countdown's test file stops compiling: averager's checks still run.
    clone.write(
        "exercises/lesson-01/averager.rs",
        &clone.read("solutions/lesson-01/averager.rs"),
    );
    assert_eq!(clone.status("averager"), "done");
    let (_, out, _) = clone.workbook(&["countdown"]);
    assert!(
        out.contains(
            "The tests of `countdown` no longer compile against exercises/lesson-01/countdown.rs"
        ),
        "{out}"
    );
    assert!(
        out.contains("    pub fn new(from: u32) -> Self { ... }"),
        "{out}"
    );
}

#[test]
fn cargo_test_runs_the_exercises_in_the_chapters_order_and_ends_with_a_table() {
    let clone =
        Clone::new("cargo_test_runs_the_exercises_in_the_chapters_order_and_ends_with_a_table");
    clone.write(
        "exercises/lesson-01/averager.rs",
        &clone.read("solutions/lesson-01/averager.rs"),
    );
    let wrong = clone
        .read("solutions/lesson-01/countdown.rs")
        .replace("checked_sub(1)", "checked_sub(2)");
    clone.write("exercises/lesson-01/countdown.rs", &wrong);
    let output = Command::new(env!("CARGO"))
        .args(["test", "--package", "lesson-01"])
        .current_dir(clone.root())
        .env("CARGO_TARGET_DIR", &clone.target_dir)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("cargo runs");
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "two exercises are not done:\n{out}"
    );
    let table = out
        .split_once("lesson-01: 1 of 4 exercises done, in the chapter's order\n")
        .map(|(_, table)| table)
        .unwrap_or_else(|| panic!("no table:\n{out}\n{err}"));
    let rows: Vec<&str> = table.lines().take(4).collect();
    assert!(rows[0].starts_with("  ✗ countdown    failing: "), "{table}");
    assert_eq!(rows[1], "  ✓ averager     done", "{table}");
    assert_eq!(rows[2], "  · delegate     not started", "{table}");
    assert_eq!(rows[3], "  · round_robin  not started", "{table}");
    assert!(
        table.contains("cargo test -p lesson-01 --test countdown"),
        "{table}"
    );
    // The failing exercise's own output is shown, naming the learner's file as they know it.
    assert!(
        out.contains("Your file: exercises/lesson-01/countdown.rs"),
        "{out}"
    );
    assert!(!format!("{out}{err}").contains("/../"), "{out}{err}");
}
