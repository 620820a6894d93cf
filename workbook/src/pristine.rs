//! The pristine stubs: each exercise file as the workbook ships it, before the learner
//! wrote a line. "Not started" means "identical to it", and `reset` restores it.
//!
//! Where the pristine stub comes from is a choice, and the obvious answer is wrong.
//! `git show HEAD:<file>` works until the learner commits their work (plenty do: it is
//! how they keep it safe); from then on their answer *is* HEAD's version, so it would
//! count as "not started" and `reset` would "restore" it. The file as first committed
//! is no better: when the authors improve a stub later, it is stale, and may not even
//! compile against the current tests.
//!
//! So the runner reads the stub from the newest commit the learner's branch shares
//! with the workbook they cloned: `git merge-base HEAD <upstream>`, where the upstream
//! is the branch's upstream (`@{upstream}`), else `origin/HEAD`. The learner's own
//! commits are on top of that commit, so they never count as the stub; the authors'
//! updates the learner pulls move the merge base forward, so the stub stays current.
//! Without an upstream (a fresh `git init`, a copied folder) HEAD is all there is.
//!
//! Without git at all (a downloaded archive), the runner keeps its own copy: the first
//! time it sees an exercise file, it copies it to `target/workbook/pristine/`. A
//! learner who starts with `cargo workbook`, as the README says, has it right away.

use crate::state;
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Finds pristine stubs in one checkout.
#[derive(Debug)]
pub struct Pristine {
    root: PathBuf,
    /// The commit to read stubs from, or `None` when this is not a git checkout.
    base: Option<String>,
}

impl Pristine {
    pub fn new(root: &Path) -> Pristine {
        let git = |args: &[&str]| {
            git(root, args).map(|out| String::from_utf8_lossy(&out).trim().to_string())
        };
        let base = ["@{upstream}", "origin/HEAD"]
            .iter()
            .find_map(|upstream| git(&["merge-base", "HEAD", upstream]))
            .or_else(|| git(&["rev-parse", "--verify", "HEAD"]));
        Pristine {
            root: root.to_path_buf(),
            base,
        }
    }

    /// The pristine content of `file` (relative to the workspace root).
    pub fn stub(&self, file: &Path) -> Result<Vec<u8>> {
        if let Some(base) = &self.base {
            // `<commit>:./<path>` reads the path relative to the current directory.
            let spec = format!("{base}:./{}", slash_path(file));
            if let Some(bytes) = git(&self.root, &["show", &spec]) {
                return Ok(bytes);
            }
        }
        self.snapshot(file)
    }

    /// The runner's own copy of the stub, made the first time it sees the file.
    fn snapshot(&self, file: &Path) -> Result<Vec<u8>> {
        let copy = state::dir(&self.root).join("pristine").join(file);
        if let Ok(bytes) = fs::read(&copy) {
            return Ok(bytes);
        }
        let bytes = fs::read(self.root.join(file))
            .with_context(|| format!("cannot read {}", file.display()))?;
        if let Some(dir) = copy.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        fs::write(&copy, &bytes).with_context(|| format!("cannot write {}", copy.display()))?;
        Ok(bytes)
    }
}

/// Runs git in `root`; its standard output if it succeeded.
fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// Git spells paths with `/` on every platform.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
