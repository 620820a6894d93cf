//! From a URL's path to a file: inside one folder, never outside it, whatever the URL
//! says (`..`) and wherever a symbolic link inside the folder points.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// The file or folder a URL path names inside `dir`, if it exists and is inside `dir`.
/// The query and fragment (`?raw`, `#L3`) are not part of the path.
pub fn file_or_dir(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut file = dir.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(name) => file.push(name),
            // `..`, a drive or root: a request trying to leave the folder.
            _ => return None,
        }
    }
    // A symbolic link may point anywhere: what counts is where the file really is.
    let real = fs::canonicalize(&file).ok()?;
    let real_dir = fs::canonicalize(dir).ok()?;
    real.starts_with(real_dir).then_some(file)
}

/// The file a URL path names inside `dir` (for a folder, its `index.html`).
pub fn file_for(dir: &Path, url: &str) -> Option<PathBuf> {
    let file = file_or_dir(dir, url)?;
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    file.is_file().then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_cannot_leave_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(file_for(dir, "/../Cargo.toml").is_none());
        assert!(file_for(dir, "/src/../../Cargo.toml").is_none());
        assert_eq!(
            file_for(dir, "/Cargo.toml?x=1"),
            Some(dir.join("Cargo.toml"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_not_followed() {
        let outside = tempfile::tempdir().expect("a temporary folder");
        fs::write(outside.path().join("secret.txt"), "no").expect("a writable folder");
        let served = tempfile::tempdir().expect("a temporary folder");
        std::os::unix::fs::symlink(outside.path(), served.path().join("out"))
            .expect("a symbolic link");
        fs::write(served.path().join("page.html"), "yes").expect("a writable folder");
        assert!(file_for(served.path(), "/out/secret.txt").is_none());
        assert!(file_for(served.path(), "/page.html").is_some());
    }
}
