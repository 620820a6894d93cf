//! The talks' Python, run beside the Rust.
//!
//! Where a talk measured Python, the demo that measures the Rust runs a Python *twin*
//! on the same work, in the same run: a script of the workspace, written after the
//! talk's code, that reads its work on its standard input and prints one line of
//! JSON, what it found and how long that took. [`Twin`] starts it with `python3`
//! and reads that line.
//!
//! Python is optional. A twin asked with `--versions` prints the versions of Python
//! and of the packages it imports, or says which one is missing, and
//! [`Twin::versions`] turns that into an [`Unavailable`] whose message is the one line
//! a demo prints instead of the Python rows: how to add them ([`INSTALL`]).
//! [`available`] asks each twin of a demo, and prints that line, or which Python the
//! rows come from.

use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The command that installs the twins' packages, pinned, as the README says.
pub const INSTALL: &str = "python3 -m pip install -r python/requirements.txt";

/// The interpreter: whichever `python3` comes first on the `PATH` (a virtual
/// environment's, once it is activated).
const PYTHON: &str = "python3";

/// A Python script of the workspace, with the arguments that pick what it runs.
#[derive(Debug, Clone)]
pub struct Twin {
    script: PathBuf,
    args: Vec<String>,
}

/// Why a twin cannot run here: the message says how to make it run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// No `python3` on the `PATH`.
    NoPython,
    /// Python is there; this package is not.
    Missing(String),
    /// The script failed before it measured anything: what it said.
    Broken(String),
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::NoPython => write!(
                f,
                "no python3 here: install Python 3, then `{INSTALL}` adds the Python rows"
            ),
            Unavailable::Missing(package) => write!(
                f,
                "the Python package {package} is not installed: `{INSTALL}` adds the Python rows"
            ),
            Unavailable::Broken(said) => write!(f, "the Python twin failed: {said}"),
        }
    }
}

impl Twin {
    /// The script at `script` (a path from the workspace's root, such as
    /// `lessons/lesson-02/python/healthcheck.py`), run with `args`.
    pub fn new(script: &str, args: &[&str]) -> Twin {
        Twin {
            script: workspace().join(script),
            args: args.iter().map(|arg| arg.to_string()).collect(),
        }
    }

    /// The script's path from the workspace's root, to print.
    pub fn script(&self) -> &Path {
        self.script
            .strip_prefix(workspace())
            .unwrap_or(&self.script)
    }

    /// The versions of Python and of the packages this twin imports, by name
    /// (`python`, `aiohttp`, ...), or why it cannot run.
    pub fn versions(&self) -> Result<BTreeMap<String, String>, Unavailable> {
        let output = Command::new(PYTHON)
            .arg(&self.script)
            .arg("--versions")
            .args(&self.args)
            .stdin(Stdio::null())
            .output()
            .map_err(|_| Unavailable::NoPython)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let found: BTreeMap<String, String> = serde_json::from_str(stdout.trim())
            .map_err(|_| Unavailable::Broken(last_line(&output.stderr)))?;
        match found.get("missing") {
            Some(package) => Err(Unavailable::Missing(package.clone())),
            None if output.status.success() => Ok(found),
            None => Err(Unavailable::Broken(last_line(&output.stderr))),
        }
    }

    /// Runs the twin with `input` on its standard input and reads the JSON line it
    /// prints last. An error is what went wrong, in a line.
    pub fn run<T: DeserializeOwned>(&self, input: &str) -> Result<T, String> {
        let mut child = Command::new(PYTHON)
            .arg(&self.script)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start {PYTHON}: {error}"))?;
        // Written and closed before reading: the twin reads all its input first.
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let written = stdin.write_all(input.as_bytes());
        drop(stdin);
        let output = child
            .wait_with_output()
            .map_err(|error| format!("lost the Python twin: {error}"))?;
        written.map_err(|error| format!("cannot write to the Python twin: {error}"))?;
        if !output.status.success() {
            return Err(format!("{} ({})", last_line(&output.stderr), output.status));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().last().unwrap_or_default();
        serde_json::from_str(line).map_err(|error| format!("cannot read {line:?}: {error}"))
    }
}

/// The twins that can run on this machine, each with its row's name. Prints, in one
/// line, which Python and packages they use; and, if some cannot run, one line that
/// says how to add their rows.
pub fn available(twins: Vec<(&str, Twin)>) -> Vec<(String, Twin)> {
    let mut found = BTreeMap::new();
    let mut scripts: Vec<String> = Vec::new();
    let mut missing: Vec<(&str, Unavailable)> = Vec::new();
    let mut usable = Vec::new();
    for (name, twin) in twins {
        match twin.versions() {
            Ok(these) => {
                found.extend(these);
                let script = twin.script().display().to_string();
                if !scripts.contains(&script) {
                    scripts.push(script);
                }
                usable.push((name.to_owned(), twin));
            }
            Err(why) => missing.push((name, why)),
        }
    }
    if !usable.is_empty() {
        println!("Python rows: {} ({})", describe(&found), scripts.join(", "));
    }
    // One line, for the first thing missing: installing the requirements adds them all.
    if let Some((name, why)) = missing.first() {
        match usable.is_empty() {
            true => println!("No Python rows: {why}"),
            false => println!("No Python row for {name}: {why}"),
        }
    }
    usable
}

/// The versions as a line: `Python 3.11.7, aiohttp 3.14.5, uvloop 0.23.0`.
pub fn describe(versions: &BTreeMap<String, String>) -> String {
    let python = versions
        .get("python")
        .map(|version| format!("Python {version}"));
    let packages = versions
        .iter()
        .filter(|(name, _)| *name != "python")
        .map(|(name, version)| format!("{name} {version}"));
    python
        .into_iter()
        .chain(packages)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The workspace's root: the twins' paths are written from there.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("kit/ sits in the workspace")
        .to_path_buf()
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("it printed nothing")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_package_says_how_to_add_it() {
        let message = Unavailable::Missing("uvloop".into()).to_string();
        assert!(message.contains("uvloop"), "{message}");
        assert!(message.contains(INSTALL), "{message}");
        assert!(Unavailable::NoPython.to_string().contains(INSTALL));
    }

    #[test]
    fn versions_read_as_a_line() {
        let versions = BTreeMap::from([
            ("uvloop".to_owned(), "0.23.0".to_owned()),
            ("python".to_owned(), "3.11.7".to_owned()),
            ("aiohttp".to_owned(), "3.14.5".to_owned()),
        ]);
        assert_eq!(
            describe(&versions),
            "Python 3.11.7, aiohttp 3.14.5, uvloop 0.23.0"
        );
    }

    #[test]
    fn a_script_is_shown_from_the_workspace() {
        let twin = Twin::new("lessons/lesson-02/python/healthcheck.py", &["threads"]);
        assert_eq!(
            twin.script(),
            Path::new("lessons/lesson-02/python/healthcheck.py")
        );
    }
}
