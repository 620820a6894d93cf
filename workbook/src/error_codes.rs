//! A ```` ```compile_fail,E0499 ```` doc test promises that the code fails with that error.
//! Stable rustdoc checks only that it fails: any error at all passes, so an example
//! that stopped failing for the reason the chapter gives would go unnoticed. Rustdoc
//! checks the code when it believes it is a nightly build, which `RUSTC_BOOTSTRAP=1`
//! makes it believe. Dependencies whose build scripts look for nightly rebuild under it,
//! so these doc tests build in a target folder of their own, and the checkout's builds
//! are left alone.

use crate::lessons::Workbook;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs the doc tests of every lesson whose sources hold a `compile_fail` example with an
/// error code, with the codes checked. Returns the problems.
pub fn check(workbook: &Workbook) -> Result<Vec<String>> {
    let target = workbook.root.join("target/workbook/error-codes");
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
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .with_context(|| format!("could not run `{cargo} test --doc`"))?;
        if !output.status.success() {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            let mut wrong: Vec<&str> = stdout
                .lines()
                .filter(|line| {
                    line.contains("expected error codes") || line.ends_with("--- FAILED")
                })
                .collect();
            // Not a wrong code but a failed build or run: say what cargo said.
            if wrong.is_empty() {
                let lines: Vec<&str> = stderr.lines().collect();
                wrong = lines[lines.len().saturating_sub(15)..].to_vec();
            }
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
