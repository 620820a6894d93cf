//! What the runner remembers between runs: test results, hints shown, pristine stubs.
//!
//! It all lives in `target/workbook/` of the checkout: ignored by git, and thrown away
//! by `cargo clean` without harm, because everything in it can be rebuilt. A file that
//! is missing or unreadable (an older runner's format, a half-written file) is treated
//! as empty, never as an error.

use anyhow::{Context, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs;
use std::path::{Path, PathBuf};

/// The runner's folder. Deliberately `<checkout>/target/workbook` and not Cargo's target
/// directory: with `CARGO_TARGET_DIR` set, that is shared by every checkout, and one
/// checkout's progress must not show up in another.
pub fn dir(root: &Path) -> PathBuf {
    root.join("target").join("workbook")
}

/// Reads `target/workbook/<name>`, or the default when it is missing or corrupt.
pub fn load<T: DeserializeOwned + Default>(root: &Path, name: &str) -> T {
    fs::read(dir(root).join(name))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes `target/workbook/<name>` whole: to a temporary file first, then renamed over
/// the old one, so that a runner stopped half-way never leaves half a file behind.
pub fn save<T: Serialize>(root: &Path, name: &str, value: &T) -> Result<()> {
    let dir = dir(root);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let file = dir.join(name);
    let partial = dir.join(format!("{name}.partial"));
    fs::write(&partial, serde_json::to_vec_pretty(value)?)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    fs::rename(&partial, &file).with_context(|| format!("cannot write {}", file.display()))
}
