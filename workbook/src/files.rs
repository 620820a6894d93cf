//! Files as the runner sees them: which ones are an editor's scratch files, and a hash
//! of a set of folders for the results cache.

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// Files an editor or the runner writes next to the real ones: swap files, backups,
/// lock files, and the probe file vim writes to test that a folder is writable. A save
/// touches them too; they must neither trigger a run nor change a cache key.
pub fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return true;
    };
    name.starts_with('.') // .#file (Emacs locks), .file.swp (vim), .DS_Store
        || name.ends_with('~') // file~ (Emacs, gedit, and vim backups)
        || name == "4913" // vim's "can I write here?" probe
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".workbook-backup"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// A hash of everything under `paths` (folders or files, relative to `root`): names
/// and contents, in a fixed order, leaving scratch files out. Missing paths count as empty.
pub fn hash(root: &Path, paths: &[&Path], salt: &str) -> Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    for path in paths {
        add(&mut hasher, root, path)?;
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

fn add(hasher: &mut Sha256, root: &Path, relative: &Path) -> Result<()> {
    let path = root.join(relative);
    if path.is_dir() {
        let mut entries: Vec<_> = fs::read_dir(&path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.file_name()))
            .collect();
        entries.sort();
        for name in entries {
            let child = relative.join(&name);
            if !is_scratch(&child) && name != "target" {
                add(hasher, root, &child)?;
            }
        }
    } else if path.is_file() {
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        // Each file's name and length first, so no two different trees hash alike.
        hasher.update(relative.to_string_lossy().as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_scratch;
    use std::path::Path;

    #[test]
    fn editor_files_are_scratch() {
        for name in [
            ".countdown.rs.swp",
            "countdown.rs~",
            "4913",
            ".#countdown.rs",
            "countdown.rs.1700000000.workbook-backup",
        ] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        assert!(!is_scratch(Path::new("exercises/lesson-01/countdown.rs")));
    }
}
