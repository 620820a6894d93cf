//! `cargo workbook doctor`: the instructor's setup step for a room with bad Wi-Fi.
//! It checks the toolchain, then builds everything a learner will build (every lesson,
//! its tests and demos, each as `cargo test -p lesson-NN` builds it), so that from then
//! on nothing needs the network or a long build.

use crate::book;
use crate::cargo_test::EVERY_TARGET;
use crate::checks::cargo;
use crate::lessons::Workbook;
use anyhow::Result;
use std::process::{Command, Stdio};

/// The oldest Rust the workspace builds with (its `rust-version`).
const MINIMUM_RUST: (u32, u32) = (1, 88);

pub fn doctor(workbook: &Workbook) -> Result<bool> {
    let root = &workbook.root;
    let mut ready = true;

    println!("Toolchain:");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    for (tool, mut command) in [
        ("cargo", cargo(root)),
        ("rustc", Command::new(rustc)),
        ("rustfmt", with_arg(cargo(root), "fmt")),
        ("clippy", with_arg(cargo(root), "clippy")),
    ] {
        let version = command
            .arg("--version")
            .current_dir(root)
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string());
        match &version {
            Some(version) => println!("  ok       {tool:<8} {version}"),
            None => {
                ready = false;
                println!("  MISSING  {tool:<8} (rustup component add {tool})");
            }
        }
        if tool == "rustc"
            && let Some(too_old) = version.filter(|v| !new_enough(v))
        {
            ready = false;
            println!(
                "  TOO OLD  {too_old}: the workbook needs Rust {}.{} or newer (rustup update)",
                MINIMUM_RUST.0, MINIMUM_RUST.1
            );
        }
    }

    // Cargo takes its flags from one place only: these replace `.cargo/config.toml`'s,
    // which name the learner's files `exercises/...` in errors and panics.
    for variable in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
        if std::env::var_os(variable).is_some_and(|value| !value.is_empty()) {
            println!(
                "  NOTE     {variable} is set: it replaces the workbook's own compiler flags, \
                 so errors will name your files lessons/lesson-NN/src/../../../exercises/... \
                 instead of exercises/.... Unset it for the workbook if you can."
            );
        }
    }

    println!("\nBuilding every lesson, its tests and demos (the first time takes a while):");
    // One lesson at a time, as the learner builds it (`cargo test -p lesson-04`): Cargo
    // chooses a dependency's features by the packages it builds, so what
    // `cargo test --workspace` builds is not what `-p lesson-04` reuses. Lessons 02-09
    // share one set of features (kit/shared-features), so after the first of them each
    // lesson only builds its own crate. The reference solutions (`--features solution`)
    // are not built: a learner never compiles them, and they need no crate the exercises
    // do not (the first build downloads everything), so they still build offline.
    let failed: Vec<&str> = workbook
        .lessons
        .iter()
        .filter(|lesson| {
            let mut command = cargo(root);
            command.args(["test", "--no-run", "--package"]);
            command.arg(&lesson.package);
            command.args(EVERY_TARGET);
            !command.status().is_ok_and(|status| status.success())
        })
        .map(|lesson| lesson.package.as_str())
        .collect();
    ready &= failed.is_empty();
    if failed.is_empty() {
        println!("  ok      every lesson, with the exercises");
    } else {
        println!("  FAILED  {}", failed.join(", "));
    }
    let book = book::build(root, crate::source_links::Readers::Local, false);
    ready &= book.is_ok();
    match book {
        Ok(index) => println!("  ok      the book, at {}", index.display()),
        Err(error) => println!("  FAILED  the book: {error:#}"),
    }

    println!(
        "\n{}",
        if ready {
            "Ready to work offline: everything is built, nothing more needs downloading."
        } else {
            "Not ready: fix what is marked above (while there is still a network)."
        }
    );
    Ok(ready)
}

fn with_arg(mut command: Command, arg: &str) -> Command {
    command.arg(arg);
    command
}

/// `rustc 1.95.0 (59807616e 2026-04-14)` is at least [`MINIMUM_RUST`].
fn new_enough(version: &str) -> bool {
    let numbers: Vec<u32> = version
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split(['.', '-'])
        .take(2)
        .filter_map(|part| part.parse().ok())
        .collect();
    matches!(numbers[..], [major, minor] if (major, minor) >= MINIMUM_RUST)
}

#[cfg(test)]
mod tests {
    use super::new_enough;

    #[test]
    fn versions_compare_as_numbers() {
        assert!(new_enough("rustc 1.95.0 (59807616e 2026-04-14)"));
        assert!(new_enough("rustc 1.88.0"));
        assert!(!new_enough("rustc 1.9.0"));
        assert!(!new_enough("rustc 1.87.1 (abc 2025-01-01)"));
    }
}
