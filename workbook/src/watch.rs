//! Watch mode, what `cargo workbook` does in a terminal: save an exercise file, and its
//! checks run at once; a key gives a hint, the next exercise, or the list.
//!
//! Where file events do not work (some network and container file systems), `--poll`
//! looks at the files every second instead, and Enter runs the checks by hand.

use crate::learner;
use crate::lessons::Workbook;
use crate::place;
use crate::progress::{Progress, Status};
use crate::runs;
use crate::watcher;
use crate::wrap;
use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::thread;

/// What wakes watch mode up.
#[derive(Debug)]
enum Wake {
    /// Files under `exercises/` changed.
    Saved(Vec<PathBuf>),
    Key(KeyEvent),
    /// The watcher itself failed (for example, the folder went away).
    WatchError(String),
}

const KEYS: &str =
    "[Enter] test again  [h] hint  [r] your run, drawn  [n] next exercise  [l] list  [q] quit";

/// Watches the exercise files, starting at `start` (a lesson or an exercise), or else
/// at the learner's remembered place.
pub fn watch(workbook: &Workbook, start: Option<&str>, poll: bool) -> Result<()> {
    let (wake, woken) = mpsc::channel();
    let saved = wake.clone();
    let _watcher = watcher::watch(&[workbook.root.join("exercises")], poll, move |changes| {
        // The receiver is gone only when watch mode is ending.
        let _ = saved.send(match changes {
            Ok(paths) => Wake::Saved(paths),
            Err(error) => Wake::WatchError(error),
        });
    })?;
    read_keys(wake);

    let progress = Progress::check(workbook, &mut io::stderr())?;
    let mut current = place::start(workbook, &progress, start)?.map(str::to_string);
    print!(
        "{}",
        with_keys(&progress.render_compact(current.as_deref()))
    );
    println!(
        "\nWatching exercises/ for saves{}.",
        if poll { " (polling)" } else { "" }
    );
    println!("{KEYS}");

    let mut contents = Contents::default();
    for (_, exercise) in workbook.all_exercises() {
        contents.changed(&workbook.root.join(&exercise.file));
    }

    let mut raw = Some(RawMode::enable()?);
    // The exercise `r` draws: the one just tested, even when passing it moved the
    // place on to the next.
    let mut tested = current.clone();
    for wake in woken {
        match wake {
            Wake::Saved(paths) => {
                let saved = workbook.all_exercises().find(|(_, exercise)| {
                    paths.iter().any(|path| path.ends_with(&exercise.file))
                        && contents.changed(&workbook.root.join(&exercise.file))
                });
                let Some((_, exercise)) = saved else {
                    continue;
                };
                tested = Some(exercise.name.clone());
                current = test(workbook, Some(&exercise.name))?;
                remember(workbook, current.as_deref())?;
            }
            Wake::Key(key) => match key.code {
                KeyCode::Char('q') => break,
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => break,
                KeyCode::Enter => {
                    tested = current.clone().or(tested);
                    current = test(workbook, current.as_deref())?;
                    remember(workbook, current.as_deref())?;
                }
                KeyCode::Char('h') => match &current {
                    Some(name) => {
                        let hint = learner::hint_text(workbook, name, false)?;
                        show(&wrap::fit(&hint, wrap::width()));
                    }
                    None => show("Every exercise is done: no hints needed.\n"),
                },
                KeyCode::Char('r') => {
                    // The runs print as a command would, with cargo's output: in
                    // cooked mode, where newlines return the cursor.
                    drop(raw.take());
                    println!();
                    if let Err(error) =
                        runs::run(workbook, tested.as_deref().or(current.as_deref()))
                    {
                        println!("Drawing your run failed: {error:#}");
                    }
                    raw = Some(RawMode::enable()?);
                }
                KeyCode::Char('n') => {
                    current = next(workbook, current.as_deref())?;
                    remember(workbook, current.as_deref())?;
                }
                KeyCode::Char('l') => {
                    let progress = Progress::check(workbook, &mut io::sink())?;
                    show(&progress.render_compact(current.as_deref()));
                }
                _ => continue,
            },
            Wake::WatchError(error) => show(&format!(
                "Watching the files failed ({error}); press Enter to test, or restart with \
                 `cargo workbook --poll`.\n"
            )),
        }
        show(&format!("\n{KEYS}\n"));
    }
    drop(raw);
    Ok(())
}

/// Runs the checks, shows how `current` stands, and returns the exercise to work on
/// next: the same one until it passes.
fn test(workbook: &Workbook, current: Option<&str>) -> Result<Option<String>> {
    let Some(name) = current else {
        return next(workbook, None);
    };
    show(&format!("\nTesting {name}...\n"));
    let progress = Progress::check(workbook, &mut io::sink())?;
    let Some(entry) = progress.entries.iter().find(|e| e.exercise.name == name) else {
        return Ok(None);
    };
    if entry.status != Status::Done {
        show(&entry.describe());
        return Ok(Some(name.to_string()));
    }
    show(&format!(
        "✓ {name} passes: well done! ({} of {} exercises done)\n",
        progress.done(),
        progress.entries.len()
    ));
    next(workbook, Some(name))
}

/// Keeps the learner's place for the next run.
fn remember(workbook: &Workbook, current: Option<&str>) -> Result<()> {
    match current {
        Some(name) => place::save(workbook, name),
        None => Ok(()),
    }
}

/// Moves on to the first exercise after `current` that is not done, and shows it.
fn next(workbook: &Workbook, current: Option<&str>) -> Result<Option<String>> {
    let progress = Progress::check(workbook, &mut io::sink())?;
    let next = match current {
        Some(name) => progress.next_after(name),
        None => progress.next(),
    };
    match next {
        Some(entry) => {
            show(&format!("\nNext: {}", entry.describe()));
            Ok(Some(entry.exercise.name.clone()))
        }
        None => {
            show("\nEvery exercise is done. Well spun!\n");
            Ok(None)
        }
    }
}

/// The exercise files' contents as last seen. File events also report files being
/// opened or read (as the runner itself and the compiler do), and some editors write a
/// file without changing it; only a real change in content is a save worth testing.
#[derive(Debug, Default)]
struct Contents(HashMap<PathBuf, Vec<u8>>);

impl Contents {
    /// Whether `file` differs from when this was last asked; remembers it as it is now.
    fn changed(&mut self, file: &Path) -> bool {
        let now = fs::read(file).unwrap_or_default();
        self.0.insert(file.to_path_buf(), now.clone()) != Some(now)
    }
}

/// Reads key presses on a thread of their own, for as long as the program runs.
fn read_keys(wake: Sender<Wake>) {
    thread::spawn(move || {
        while let Ok(event) = event::read() {
            if let Event::Key(key) = event
                && key.kind == KeyEventKind::Press
                && wake.send(Wake::Key(key)).is_err()
            {
                return;
            }
        }
    });
}

/// Says what a key does where the text names the command: in watch mode `h` is the
/// hint, and typing a command would mean leaving.
fn with_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let Some(at) = line.find("cargo workbook hint ") else {
            out.push_str(line);
            continue;
        };
        let trimmed = line.trim_start();
        if trimmed.starts_with("Hint:") {
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str("Hint:  press h\n");
        } else if line.contains("again shows the next one") {
            out.push_str(&line[..line.find("Still stuck?").unwrap_or(at)]);
            out.push_str("Still stuck? Press h again for the next one.\n");
        } else if line.contains("shows a hint") {
            out.push_str(&line[..line.find("Stuck?").unwrap_or(at)]);
            out.push_str("Stuck? Press h for a hint.\n");
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Prints in raw mode, where a newline does not return the cursor to the line start.
fn show(text: &str) {
    let text = with_keys(text);
    let mut stdout = io::stdout().lock();
    // A closed terminal leaves nobody to tell; watch mode ends on its next key anyway.
    let _ = stdout.write_all(text.replace('\n', "\r\n").as_bytes());
    let _ = stdout.flush();
}

/// Keys arrive one by one, without Enter, while this lives; the terminal is restored
/// when it is dropped, also when watch mode ends with an error.
struct RawMode;

impl RawMode {
    fn enable() -> Result<RawMode> {
        terminal::enable_raw_mode().context("cannot read single keys from this terminal")?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::with_keys;

    #[test]
    fn commands_for_hints_become_keys() {
        let text = "  Your file: exercises/lesson-01/countdown.rs\n  Stuck? `cargo workbook hint countdown` shows a hint.\n\
                    \n  Still stuck? `cargo workbook hint countdown` again shows the next one.\n\
                    \x20 Hint:  cargo workbook hint countdown\n";
        assert_eq!(
            with_keys(text),
            "  Your file: exercises/lesson-01/countdown.rs\n  Stuck? Press h for a hint.\n\
             \n  Still stuck? Press h again for the next one.\n  Hint:  press h\n"
        );
    }
}
