//! `cargo workbook run [<exercise>]`: the exercise's checks run twice, on your code and on
//! the reference solution, each keeping the runs its checks draw (see
//! `kit::exercise::Exercise::keep_run`). Both are printed, one above the other, and
//! written as a page that puts the pictures side by side:
//! `target/workbook/runs/<exercise>/index.html`, also served by `book --serve` at
//! `/runs/<exercise>/`.

use crate::lessons::{Exercise, Lesson, Workbook};
use crate::place;
use crate::state;
use crate::wrap;
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where `book --serve` answers with the runs' pages and pictures.
pub const SERVED_PREFIX: &str = "/runs/";

/// The folder of every exercise's kept runs.
pub fn dir(root: &Path) -> PathBuf {
    state::dir(root).join("runs")
}

pub fn run(workbook: &Workbook, name: Option<&str>) -> Result<()> {
    let (lesson, exercise) = place::exercise(workbook, name)?;
    let root = &workbook.root;
    let here = dir(root).join(&exercise.name);
    let (yours, reference) = (here.join("yours"), here.join("reference"));
    for folder in [&yours, &reference] {
        // Runs of an earlier try would be mistaken for this one's.
        let _ = fs::remove_dir_all(folder);
    }

    println!("Running the checks of `{}` on your code...", exercise.name);
    let passed = checks(root, lesson, exercise, &yours, false)?;
    if passed {
        println!("  every check passed");
    } else {
        println!(
            "  some checks failed (`{}` shows which)",
            exercise.test_command(lesson)
        );
    }
    println!("...and on the reference solution, for comparison.");
    checks(root, lesson, exercise, &reference, true)?;

    // The runs of either side: a check that failed early on your code drew less.
    let mut kept = kept_checks(&yours);
    kept.extend(kept_checks(&reference));
    kept.sort();
    kept.dedup();
    if kept.is_empty() {
        match &exercise.no_timeline {
            Some(why) => println!("\nThe checks of `{}` draw no run: {why}", exercise.name),
            None => println!(
                "\nThe checks of `{}` kept no run: the checks that draw one failed before \
                 they could.",
                exercise.name
            ),
        }
        return Ok(());
    }
    let width = wrap::width();
    // The headings wrap to the terminal; the drawings keep their 80 columns.
    let show = |heading: String, drawing: &str| {
        print!("{}{drawing}", wrap::fit(&heading, width));
    };
    for check in &kept {
        match read(&yours, check, "txt") {
            Some(run) => {
                let (legend, drawing) = run.split_once('\n').unwrap_or((&run, ""));
                show(format!("\n── {check}: your run, {legend}\n"), drawing);
            }
            None => show(
                format!(
                    "\n── {check}: your code drew no run here: it failed before this point \
                     (`{}` shows how)\n",
                    exercise.test_command(lesson)
                ),
                "",
            ),
        }
        match read(&reference, check, "txt") {
            Some(run) => {
                let (legend, drawing) = run.split_once('\n').unwrap_or((&run, ""));
                show(
                    format!("── {check}: the reference's run, {legend}\n"),
                    drawing,
                );
            }
            None => show(
                format!("── {check}: the reference solution drew no run here\n"),
                "",
            ),
        }
    }
    let page = here.join("index.html");
    fs::write(&page, side_by_side(&exercise.name, &kept))
        .with_context(|| format!("cannot write {}", page.display()))?;
    print!(
        "{}",
        wrap::fit(
            &format!(
                "\nSide by side, as pictures: {} (or http://127.0.0.1:3000{SERVED_PREFIX}{}/ \
                 while `cargo workbook book --serve` runs)\n",
                page.strip_prefix(root).unwrap_or(&page).display(),
                exercise.name
            ),
            width
        )
    );
    Ok(())
}

/// Runs the exercise's checks, keeping their runs in `keep`; true if they all passed.
fn checks(
    root: &Path,
    lesson: &Lesson,
    exercise: &Exercise,
    keep: &Path,
    solution: bool,
) -> Result<bool> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(&cargo);
    command
        .current_dir(root)
        .args(["test", "--quiet", "--package", &lesson.package])
        .args(["--test", &exercise.test])
        .env("WORKBOOK_RUNS", keep)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if solution {
        command.args(["--features", "solution"]);
    }
    let status = command
        .status()
        .with_context(|| format!("could not run `{cargo} test`"))?;
    Ok(status.success())
}

/// The runs kept, by name (`<check>.<n>`, the n-th run that check drew), in order.
fn kept_checks(folder: &Path) -> Vec<String> {
    let mut checks: Vec<String> = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    checks.sort();
    checks
}

fn read(folder: &Path, check: &str, extension: &str) -> Option<String> {
    fs::read_to_string(folder.join(format!("{check}.{extension}"))).ok()
}

/// A page with, for each check, your run's picture beside the reference solution's.
fn side_by_side(exercise: &str, checks: &[String]) -> String {
    let mut rows = String::new();
    for check in checks {
        rows.push_str(&format!(
            "<h2>{check}</h2>\n<div class=\"pair\">\
             <figure><img src=\"yours/{check}.svg\" alt=\"your run\">\
             <figcaption>your run</figcaption></figure>\
             <figure><img src=\"reference/{check}.svg\" alt=\"the reference solution's run\">\
             <figcaption>the reference solution's run</figcaption></figure></div>\n"
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{exercise}: your run and the reference's</title>\
         <style>body {{ font-family: sans-serif; margin: 1em; }} \
         .pair {{ display: flex; flex-wrap: wrap; gap: 1em; }} \
         figure {{ flex: 1 1 400px; margin: 0; }} img {{ max-width: 100%; }}</style>\
         </head><body>\n<h1>{exercise}: your run and the reference solution's</h1>\n\
         <p>The same checks, on the same input: <code>cargo workbook run {exercise}</code> \
         drew them.</p>\n{rows}</body></html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_pairs_each_check_with_the_reference() {
        let page = side_by_side("bounded", &["the_server_sees_exactly_the_limit".into()]);
        assert!(page.contains("<img src=\"yours/the_server_sees_exactly_the_limit.svg\""));
        assert!(page.contains("<img src=\"reference/the_server_sees_exactly_the_limit.svg\""));
    }

    #[test]
    fn kept_checks_are_the_text_files_in_order() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        for file in ["b.txt", "b.svg", "a.txt", "a.svg"] {
            fs::write(folder.path().join(file), "").expect("a writable folder");
        }
        assert_eq!(kept_checks(folder.path()), ["a", "b"]);
        assert!(kept_checks(&folder.path().join("missing")).is_empty());
    }
}
