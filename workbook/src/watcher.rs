//! Watching folders for saved files, for watch mode and `book --serve`.
//!
//! File events come from `notify`, through a debouncer: an editor's save is a burst of
//! events (a swap file, a rename, a write), and we want one. Where the system's events
//! do not work, as on some network and container file systems, a poller compares the
//! files every second instead: by content, because there modification times can be
//! coarse or stale.

use crate::files;
use anyhow::{Context, Result};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};
use std::path::PathBuf;
use std::time::Duration;

/// What a watcher reports: the files that changed (never scratch files), or its error.
pub type Changes = Result<Vec<PathBuf>, String>;

/// Watches `folders` (recursively) and calls `on_change` for each batch of changes.
/// Watching stops when the returned value is dropped.
pub fn watch(
    folders: &[PathBuf],
    poll: bool,
    on_change: impl Fn(Changes) + Clone + Send + 'static,
) -> Result<Box<dyn Send>> {
    let handler = move |result: DebounceEventResult| {
        let changes = match result {
            Ok(events) => {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .map(|event| event.path)
                    .filter(|path| !files::is_scratch(path))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Ok(paths)
            }
            Err(error) => Err(error.to_string()),
        };
        on_change(changes);
    };
    let config = Config::default()
        .with_timeout(Duration::from_millis(300))
        .with_notify_config(
            notify::Config::default()
                .with_poll_interval(Duration::from_secs(1))
                .with_compare_contents(true),
        );

    if !poll {
        match watch_with::<RecommendedWatcher>(folders, config.clone(), handler.clone()) {
            Ok(watcher) => return Ok(Box::new(watcher)),
            Err(error) => eprintln!("File events do not work here ({error:#}); polling instead."),
        }
    }
    Ok(Box::new(watch_with::<PollWatcher>(
        folders, config, handler,
    )?))
}

fn watch_with<W: Watcher>(
    folders: &[PathBuf],
    config: Config,
    handler: impl Fn(DebounceEventResult) + Send + 'static,
) -> Result<Debouncer<W>> {
    let mut debouncer = new_debouncer_opt::<_, W>(config, handler)?;
    for folder in folders {
        debouncer
            .watcher()
            .watch(folder, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", folder.display()))?;
    }
    Ok(debouncer)
}
