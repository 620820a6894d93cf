//! A ```` ```compile_fail,E0499 ```` doc test promises that the code fails with that error.
//! Stable rustdoc checks only that it fails: any error at all passes, so an example
//! that stopped failing for the reason the chapter gives would go unnoticed. Rustdoc
//! checks the code when it believes it is a nightly build, which `RUSTC_BOOTSTRAP=1`
//! makes it believe. Setting that for the whole build would rebuild every dependency
//! whose build script looks for nightly, so the runner puts itself in rustdoc's place
//! and sets it for rustdoc alone.

use crate::lessons::Workbook;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

/// Set while the runner stands in for rustdoc.
const AS_RUSTDOC: &str = "WORKBOOK_AS_RUSTDOC";

/// When cargo started the runner as its rustdoc: runs the real rustdoc with the error
/// codes checked, and returns its exit code. `None` when the runner is itself.
pub fn stand_in_for_rustdoc() -> Option<ExitCode> {
    std::env::var_os(AS_RUSTDOC)?;
    let status = Command::new("rustdoc")
        .args(std::env::args_os().skip(1))
        .env("RUSTC_BOOTSTRAP", "1")
        .env_remove(AS_RUSTDOC)
        .status();
    Some(match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: could not run rustdoc: {error}");
            ExitCode::FAILURE
        }
    })
}

/// Runs the doc tests of every lesson whose sources hold a `compile_fail` example with an
/// error code, with the codes checked. Returns the problems.
pub fn check(workbook: &Workbook) -> Result<Vec<String>> {
    let runner = std::env::current_exe().context("cannot find the runner's own program")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut problems = Vec::new();
    for lesson in &workbook.lessons {
        if !has_error_codes(&workbook.root.join(&lesson.dir).join("src"))? {
            continue;
        }
        let output = Command::new(&cargo)
            .current_dir(&workbook.root)
            .args(["test", "--doc", "--features", "solution", "--package"])
            .arg(&lesson.package)
            .env("RUSTDOC", &runner)
            .env(AS_RUSTDOC, "1")
            .output()
            .with_context(|| format!("could not run `{cargo} test --doc`"))?;
        if !output.status.success() {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let wrong: Vec<&str> = stdout
                .lines()
                .filter(|line| {
                    line.contains("expected error codes") || line.ends_with("--- FAILED")
                })
                .collect();
            problems.push(format!(
                "{}: a compile_fail example does not fail with the error code it names:\n    {}",
                lesson.package,
                wrong.join("\n    ")
            ));
        }
    }
    Ok(problems)
}

fn has_error_codes(dir: &Path) -> Result<bool> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let found = if path.is_dir() {
            has_error_codes(&path)?
        } else {
            path.extension().is_some_and(|ext| ext == "rs")
                && fs::read_to_string(&path)?.contains("compile_fail,E")
        };
        if found {
            return Ok(true);
        }
    }
    Ok(false)
}
