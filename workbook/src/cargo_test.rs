//! Running `cargo test` on a lesson and reading libtest's summary lines.

use anyhow::{Context, Result};
use std::path::Path;
use std::process::Command;

/// Every target of a package, as `--all-targets` means it, plus the lessons' exercise
/// tests, which say `test = false` (see `kit::lesson`) and which `--all-targets` and
/// `--tests` therefore leave out. (`--tests` also overrides `--test '*'`, so the lib's
/// own tests come from `--lib` and `--benches`.)
pub const EVERY_TARGET: &[&str] = &["--lib", "--bins", "--examples", "--benches", "--test", "*"];

/// What one `cargo test` invocation did.
#[derive(Debug)]
pub struct TestRun {
    /// Whether cargo exited successfully (everything compiled, every test passed).
    pub success: bool,
    pub passed: u32,
    pub failed: u32,
    /// How many test binaries reported a result; 0 means nothing ran (usually: no build).
    pub binaries: u32,
    /// Everything cargo and the tests printed, for the report when something is wrong.
    pub output: String,
}

/// Runs `cargo test -p <package> <args>` in the workspace at `root`.
pub fn cargo_test(root: &Path, package: &str, args: &[&str]) -> Result<TestRun> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(&cargo)
        .current_dir(root)
        .args(["test", "--package", package])
        .args(args)
        // Short failure output: the report shows it when something is wrong.
        .env("RUST_BACKTRACE", "0")
        .output()
        .with_context(|| format!("could not run `{cargo} test`"))?;

    Ok(TestRun::from_output(
        output.status.success(),
        &String::from_utf8_lossy(&output.stdout),
        &String::from_utf8_lossy(&output.stderr),
    ))
}

impl TestRun {
    /// Reads what cargo or a test binary printed.
    pub fn from_output(success: bool, stdout: &str, stderr: &str) -> TestRun {
        let mut run = TestRun {
            success,
            passed: 0,
            failed: 0,
            binaries: 0,
            output: format!("{stderr}\n{stdout}"),
        };
        for line in stdout.lines() {
            if let Some((passed, failed)) = parse_summary(line) {
                run.binaries += 1;
                run.passed += passed;
                run.failed += failed;
            }
        }
        run
    }
}

/// Reads `test result: ok. 3 passed; 1 failed; ...` into `(3, 1)`.
fn parse_summary(line: &str) -> Option<(u32, u32)> {
    let rest = line.strip_prefix("test result: ")?;
    let count = |label: &str| -> Option<u32> {
        rest.split(';')
            .find_map(|part| part.trim().strip_suffix(label))
            .and_then(|number| number.rsplit(' ').next())
            .and_then(|number| number.trim().parse().ok())
    };
    Some((count(" passed")?, count(" failed")?))
}

#[cfg(test)]
mod tests {
    use super::parse_summary;

    #[test]
    fn reads_both_counts() {
        let ok = "test result: ok. 7 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s";
        let failed = "test result: FAILED. 0 passed; 4 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.11s";
        assert_eq!(parse_summary(ok), Some((7, 0)));
        assert_eq!(parse_summary(failed), Some((0, 4)));
        assert_eq!(parse_summary("running 4 tests"), None);
    }
}
