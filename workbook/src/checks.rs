//! Building an exercise's checks and running them, with a short, readable account of
//! what went wrong: the compiler's first error, or the failing check's own message.
//!
//! The runner builds with `cargo test --no-run --message-format=json` and runs the test
//! binaries itself, rather than reading the output of a whole `cargo test`: it gets the
//! compiler's errors as data, each exercise's output on its own, and a child process
//! it can stop when a test hangs.

use anyhow::{Context, Result};
use cargo_metadata::diagnostic::DiagnosticLevel;
use cargo_metadata::{Message, TargetKind};
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long a test binary may run. Each exercise test already fails itself after 10
/// seconds (see `kit::exercise`); this catches what that cannot, such as a test stuck
/// outside the kit's guard or a binary that never exits.
const BINARY_LIMIT: Duration = Duration::from_secs(120);

/// The most lines of a compiler error to show: enough for the message and its code.
const ERROR_LINES: usize = 14;

/// What building a lesson's test targets produced.
#[derive(Debug)]
pub enum Build {
    /// The test binaries, by test target name.
    Built(HashMap<String, PathBuf>),
    /// It did not compile: the first error, shortened, and where it is.
    /// Something did not compile: the first error, shortened, and where it is, and
    /// the test binaries that did build (an error in one test file stops only it).
    Failed {
        location: String,
        error: String,
        built: HashMap<String, PathBuf>,
    },
}

/// What running one exercise's checks showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    /// Some checks failed; `summary` is the first failure's message.
    Failed {
        summary: String,
    },
}

/// Builds the given test targets of `package`, without running them.
pub fn build(root: &Path, package: &str, targets: &[&str]) -> Result<Build> {
    let mut command = cargo(root);
    // A test file that does not compile (its exercise's signature changed) must not
    // keep the other exercises' tests from being built: `cargo test` has no
    // `--keep-going`, and its `--no-fail-fast` keeps the build going too.
    command.args([
        "test",
        "--no-run",
        "--no-fail-fast",
        "--message-format=json",
        "--package",
        package,
    ]);
    for target in targets {
        command.args(["--test", target]);
    }
    let output = command
        .stdin(Stdio::null())
        .output()
        .context("could not run `cargo test`")?;

    let mut binaries = HashMap::new();
    let mut first_error = None;
    for message in Message::parse_stream(BufReader::new(output.stdout.as_slice())).flatten() {
        match message {
            Message::CompilerArtifact(artifact) => {
                if let Some(executable) = artifact.executable
                    && artifact.target.kind.contains(&TargetKind::Test)
                {
                    binaries.insert(artifact.target.name, executable.into_std_path_buf());
                }
            }
            Message::CompilerMessage(message) if first_error.is_none() => {
                let diagnostic = message.message;
                if diagnostic.level != DiagnosticLevel::Error {
                    continue;
                }
                let location = diagnostic
                    .spans
                    .iter()
                    .find(|span| span.is_primary)
                    .map(|span| {
                        format!(
                            "{}:{}:{}",
                            tidy_path(&span.file_name),
                            span.line_start,
                            span.column_start
                        )
                    })
                    .unwrap_or_default();
                let rendered = diagnostic.rendered.unwrap_or(diagnostic.message);
                first_error = Some((location, shorten(&tidy_paths(&rendered))));
            }
            _ => {}
        }
    }

    if output.status.success() {
        return Ok(Build::Built(binaries));
    }
    let (location, error) = first_error.unwrap_or_else(|| {
        // No compiler error: cargo itself failed (a manifest, a missing dependency).
        let stderr = String::from_utf8_lossy(&output.stderr);
        (String::new(), shorten(stderr.trim()))
    });
    Ok(Build::Failed {
        location,
        error,
        built: binaries,
    })
}

/// Runs one test binary from the package's folder, as `cargo test` would.
pub fn run(binary: &Path, package_dir: &Path) -> Result<Outcome> {
    let mut child = Command::new(binary)
        .current_dir(package_dir)
        .env("CARGO_MANIFEST_DIR", package_dir)
        // The kit's message says what went wrong; a backtrace would bury it.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not run {}", binary.display()))?;

    // Read both pipes while the binary runs, so that it never blocks on a full pipe.
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let finished = wait_at_most(&mut child, BINARY_LIMIT)?;
    let output = format!(
        "{}\n{}",
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default()
    );

    Ok(match finished {
        Some(true) => Outcome::Passed,
        Some(false) => Outcome::Failed {
            summary: failure_summary(&output),
        },
        None => Outcome::Failed {
            summary: format!(
                "the tests were still running after {} seconds, so the runner stopped them.\n\
                 They probably deadlocked (threads waiting for each other) or blocked \
                 (waiting for something that never comes), or a loop never ends.",
                BINARY_LIMIT.as_secs()
            ),
        },
    })
}

/// `cargo`, as the runner itself was started by (the `CARGO` Cargo sets), in `root`.
pub fn cargo(root: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root);
    command
}

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error only loses output we would have shown; the exit status still counts.
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Waits for the child: `Some(success)` if it exited, `None` if it was stopped at the limit.
fn wait_at_most(child: &mut Child, limit: Duration) -> Result<Option<bool>> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status.success()));
        }
        if started.elapsed() >= limit {
            // Kill fails only if it exited just now; either way it is gone after wait.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        // std has no wait-with-timeout; polling this often costs nothing noticeable.
        thread::sleep(Duration::from_millis(20));
    }
}

/// The first failure in a test binary's output, as the learner needs it: the kit's
/// "✗ exercise ..." explanation (and where the learner's code panicked, if it did), or
/// else the first panic message.
pub fn failure_summary(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let failed_tests = lines
        .iter()
        .filter(|line| line.ends_with("... FAILED") || line.ends_with("--- FAILED"))
        .count();

    // libtest prints each failed test's output under `---- <name> stdout ----`, in the
    // order the tests happened to finish. Taking the first by name instead shows the
    // same message every time for the same code.
    let first_failure = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let name = line.strip_prefix("---- ")?.strip_suffix(" stdout ----")?;
            Some((name, index))
        })
        .min()
        .map_or(&lines[..], |(_, index)| &lines[index + 1..]);

    let mut summary = explain(first_failure).unwrap_or_else(|| shorten(output.trim()));
    if failed_tests > 1 {
        summary.push_str(&format!(
            "\n  ({} more failing test(s) of this exercise.)",
            failed_tests - 1
        ));
    }
    summary
}

/// The explanation at the start of one failed test's output.
fn explain(lines: &[&str]) -> Option<String> {
    let start = lines
        .iter()
        .position(|line| line.starts_with("✗ exercise "))
        .or_else(|| lines.iter().position(|line| line.contains("panicked at ")))?;
    let block: Vec<&str> = lines[start..]
        .iter()
        .enumerate()
        .take_while(|(index, line)| *index == 0 || !ends_a_block(line))
        .map(|(_, line)| *line)
        .collect();
    let mut summary = tidy_paths(block.join("\n").trim_end());

    // "Your code panicked" points at the line above it; bring that line along.
    if summary.contains("your code panicked")
        && let Some(place) = lines[..start]
            .iter()
            .rev()
            // The kit runs the learner's code on a thread it names `exercise <name>`.
            .filter(|line| line.starts_with("thread 'exercise "))
            .find_map(|line| line.split_once("panicked at ").map(|(_, place)| place))
    {
        let place = format!("It panicked at {}.", tidy_path(place.trim_end_matches(':')));
        summary = summary.replace(
            "The line it panicked on is printed above this message.",
            &place,
        );
    }
    Some(summary)
}

/// Lines that end one failure's message in libtest's output.
fn ends_a_block(line: &str) -> bool {
    [
        "stack backtrace:",
        "note: ",
        "---- ",
        "thread '",
        "failures:",
        "test result:",
    ]
    .iter()
    .any(|start| line.starts_with(start))
}

/// At most [`ERROR_LINES`] lines, saying so when there were more.
fn shorten(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= ERROR_LINES {
        return text.to_string();
    }
    format!(
        "{}\n  ... ({} more lines)",
        lines[..ERROR_LINES].join("\n"),
        lines.len() - ERROR_LINES
    )
}

/// Writes every path in `text` without its `..` detours: the compiler sees exercise
/// files as `lessons/lesson-01/src/../../../exercises/lesson-01/countdown.rs`.
fn tidy_paths(text: &str) -> String {
    let tidy_line = |line: &str| -> String {
        let words: Vec<String> = line
            .split(' ')
            .map(|word| {
                if word.contains("/../") {
                    tidy_path(word)
                } else {
                    word.to_string()
                }
            })
            .collect();
        words.join(" ")
    };
    text.lines().map(tidy_line).collect::<Vec<_>>().join("\n")
}

fn tidy_path(path: &str) -> String {
    let mut parts: Vec<Component> = Vec::new();
    for part in Path::new(path).components() {
        match part {
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other),
        }
    }
    parts
        .iter()
        .collect::<PathBuf>()
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_their_detours() {
        assert_eq!(
            tidy_paths(
                "--> lessons/lesson-01/src/../../../exercises/lesson-01/countdown.rs:18:9 here"
            ),
            "--> exercises/lesson-01/countdown.rs:18:9 here"
        );
    }

    #[test]
    fn the_kit_explanation_is_the_summary() {
        let output = "\
running 2 tests
a --- FAILED
b --- FAILED

failures:

---- a stdout ----

thread 'exercise countdown' (1) panicked at lessons/lesson-01/src/../../../exercises/lesson-01/countdown.rs:18:9:
index out of bounds
thread 'a' (2) panicked at kit/src/exercise.rs:82:9:

✗ exercise countdown: your code panicked: index out of bounds
  The line it panicked on is printed above this message.

  Your file: exercises/lesson-01/countdown.rs
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- b stdout ----
";
        let summary = failure_summary(output);
        assert!(summary.starts_with("✗ exercise countdown: your code panicked"));
        assert!(summary.contains("Your file: exercises/lesson-01/countdown.rs"));
        assert!(!summary.contains("RUST_BACKTRACE"));
        assert!(summary.contains("It panicked at exercises/lesson-01/countdown.rs:18:9."));
        assert!(summary.contains("1 more failing test"));
    }
}
