//! `cargo workbook verify`: everything a maintainer or CI needs to trust the workbook.

use crate::book;
use crate::cargo_test::{EVERY_TARGET, TestRun, cargo_test};
use crate::error_codes;
use crate::lessons::{Lesson, Workbook};
use crate::names;
use crate::teaching;
use crate::wrong::{self, Scratch, Tally};
use anyhow::{Context, Result};
use std::process::Command;

/// The outcome of every check, in order, for the final report.
#[derive(Debug, Default)]
struct Report {
    passed: u32,
    failures: Vec<String>,
}

impl Report {
    fn record(&mut self, ok: bool, failure: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            self.failures.push(failure());
        }
    }
}

pub fn verify(workbook: &Workbook, runs: u32) -> Result<bool> {
    let mut report = Report::default();

    let dirty = uncommitted_exercise_changes(workbook);
    report.record(dirty.is_empty(), || {
        format!(
            "exercises/ differs from the committed stubs ({}), so the stub checks would test your \
             answers instead. Verify a clean checkout, or `git stash` your work first.",
            dirty.join(", ")
        )
    });

    let gaps = wrong::gaps(workbook)?;
    report.record(gaps.is_empty(), || {
        format!("wrong answers kept:\n  {}", gaps.join("\n  "))
    });
    println!(
        "{:<11} {:>9}  {:<26} solution passes{}",
        "lesson",
        "exercises",
        "stub fails",
        if runs > 1 {
            format!(" ({runs} runs)")
        } else {
            String::new()
        }
    );
    for lesson in &workbook.lessons {
        let row = verify_lesson(workbook, lesson, runs, &mut report)?;
        println!(
            "{:<11} {:>9}  {:<26} {}",
            lesson.package,
            lesson.exercises.len(),
            row.0,
            row.1
        );
    }

    println!("\n{:<11} wrong answers caught", "lesson");
    let scratch = Scratch::new(workbook)?;
    let exercises: Vec<_> = workbook.all_exercises().collect();
    let tallies = wrong::try_all(workbook, &scratch, &exercises, None, runs, false)?;
    let mut total = Tally::default();
    for (package, tally) in tallies {
        println!("{package:<11} {}/{}", tally.caught, tally.tried);
        total.caught += tally.caught;
        total.tried += tally.tried;
        for problem in tally.problems {
            report.record(false, || problem);
        }
    }
    println!(
        "wrong answers caught {}/{}{}\n",
        total.caught,
        total.tried,
        if runs > 1 {
            format!(", each one in every one of {runs} runs")
        } else {
            String::new()
        }
    );

    let mut support_tests = vec!["test", "--workspace", "--all-features"];
    for lesson in &workbook.lessons {
        support_tests.extend(["--exclude", lesson.package.as_str()]);
    }
    step(
        "kit and runner tests",
        || run_tool(workbook, &support_tests),
        &mut report,
    );
    step(
        "book",
        || match book::check(workbook) {
            Ok(problems) => problems,
            Err(error) => vec![format!("{error:#}")],
        },
        &mut report,
    );
    step(
        "book as published",
        || match book::check_published(workbook) {
            Ok(problems) => problems,
            Err(error) => vec![format!("{error:#}")],
        },
        &mut report,
    );
    step(
        "teaching pages and speaker notes",
        || [teaching::check(workbook), teaching::check_plans(workbook)].concat(),
        &mut report,
    );
    step(
        "compile_fail codes",
        || match error_codes::check(workbook) {
            Ok(problems) => problems,
            Err(error) => vec![format!("{error:#}")],
        },
        &mut report,
    );
    step(
        "cargo fmt --check",
        || run_tool(workbook, &["fmt", "--all", "--check"]),
        &mut report,
    );
    step(
        "cargo clippy",
        || {
            let clippy = [
                &["clippy", "--workspace", "--all-features"],
                EVERY_TARGET,
                &["--", "-D", "warnings"],
            ]
            .concat();
            run_tool(workbook, &clippy)
        },
        &mut report,
    );

    for failure in &report.failures {
        eprintln!("\nFAILED: {failure}");
    }
    println!(
        "\n{} passed, {} failed",
        report.passed,
        report.failures.len()
    );
    Ok(report.failures.is_empty())
}

/// Checks one lesson: its solutions pass everything; its untouched stubs compile
/// and fail every test of every exercise. Returns the table's two cells.
fn verify_lesson(
    workbook: &Workbook,
    lesson: &Lesson,
    runs: u32,
    report: &mut Report,
) -> Result<(String, String)> {
    let root = &workbook.root;
    let package = lesson.package.as_str();

    let mut solution_cell = String::new();
    for run in 1..=runs {
        let solution = cargo_test(root, package, &["--features", "solution", "--no-fail-fast"])?;
        let solution_ok = solution.success && solution.failed == 0 && solution.binaries > 0;
        report.record(solution_ok, || {
            format!(
                "{package}: the reference solution fails its tests (run {run} of {runs}):\n{}",
                tail(&solution)
            )
        });
        if !solution_ok {
            solution_cell = format!(
                "NO (run {run}: {} of {} failed)",
                solution.failed,
                solution.passed + solution.failed
            );
            break;
        }
        solution_cell = format!("yes ({} tests)", solution.passed);
    }

    let build = cargo_test(root, package, &[EVERY_TARGET, &["--no-run"]].concat())?;
    report.record(build.success, || {
        format!(
            "{package}: the untouched exercises do not compile:\n{}",
            tail(&build)
        )
    });
    if !build.success {
        return Ok(("NO (stubs do not compile)".to_string(), solution_cell));
    }

    let mut with_teeth = 0;
    let mut stub_tests = 0;
    for exercise in &lesson.exercises {
        let run = cargo_test(root, package, &["--test", &exercise.test])
            .with_context(|| format!("running the tests of exercise {}", exercise.name))?;
        stub_tests += run.failed;
        let ok = run.binaries == 1 && run.passed == 0 && run.failed > 0;
        if ok {
            with_teeth += 1;
        }
        report.record(ok, || {
            format!(
                "{package}: exercise `{}`: on the untouched stub {} test(s) passed and {} failed; \
                 every test must fail on the stub (a test that passes there has no teeth)",
                exercise.name, run.passed, run.failed
            )
        });
    }
    let stub_cell = format!(
        "{with_teeth}/{} ({stub_tests} tests)",
        lesson.exercises.len()
    );
    Ok((stub_cell, solution_cell))
}

/// `cargo workbook wrong`: tries the wrong answers of `name` (a lesson, an exercise or
/// `all`), a line each, and says which were not caught and why.
pub fn wrong_answers(workbook: &Workbook, name: &str, runs: u32) -> Result<bool> {
    // `<exercise>/<mistake>` names one wrong answer.
    let (name, only) = match name.split_once('/') {
        Some((exercise, mistake)) => (exercise, Some(mistake.trim_end_matches(".rs"))),
        None => (name, None),
    };
    let exercises = names::resolve(workbook, name, true)?.exercises(workbook);
    let scratch = Scratch::new(workbook)?;
    let mut total = Tally::default();
    let tallies = wrong::try_all(workbook, &scratch, &exercises, only, runs, true)?;
    for tally in tallies.into_values() {
        total.caught += tally.caught;
        total.tried += tally.tried;
        total.problems.extend(tally.problems);
    }
    for problem in &total.problems {
        eprintln!("\nMISSED: {problem}");
    }
    println!(
        "\nwrong answers caught {}/{} ({runs} run{} each)",
        total.caught,
        total.tried,
        if runs == 1 { "" } else { "s" }
    );
    Ok(total.problems.is_empty())
}

/// Runs one check and prints a line for it.
fn step(name: &str, check: impl FnOnce() -> Vec<String>, report: &mut Report) {
    let problems = check();
    println!(
        "{name:<20} {}",
        if problems.is_empty() {
            "ok".to_string()
        } else {
            format!("{} problem(s)", problems.len())
        }
    );
    report.record(problems.is_empty(), || {
        format!("{name}:\n  {}", problems.join("\n  "))
    });
}

/// Runs `cargo <args>`; any failure becomes one problem with the tool's output.
fn run_tool(workbook: &Workbook, args: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    match Command::new(cargo)
        .current_dir(&workbook.root)
        .args(args)
        .output()
    {
        Ok(output) if output.status.success() => Vec::new(),
        Ok(output) => vec![format!(
            "`cargo {}` failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )],
        Err(error) => vec![format!("could not run `cargo {}`: {error}", args.join(" "))],
    }
}

/// Exercise files that git says differ from the committed version.
fn uncommitted_exercise_changes(workbook: &Workbook) -> Vec<String> {
    let output = Command::new("git")
        .current_dir(&workbook.root)
        .args(["status", "--porcelain", "--", "exercises"])
        .output();
    match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| line.get(3..).unwrap_or(line).to_string())
            .collect(),
        // Not a git checkout (a downloaded archive): nothing to compare against.
        _ => Vec::new(),
    }
}

/// The last lines of a run's output: where cargo and libtest say what went wrong.
fn tail(run: &TestRun) -> String {
    let lines: Vec<&str> = run.output.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
