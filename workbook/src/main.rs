//! `cargo workbook`: the Spinning Plates runner.

mod book;
mod cargo_test;
mod lessons;
mod verify;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use lessons::Workbook;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "cargo workbook",
    about = "Spinning Plates: learn concurrency in Rust, one lesson at a time"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every lesson and exercise, with the command that tests it.
    List,
    /// Show the hints for an exercise.
    Hint {
        /// The exercise's name, as `cargo workbook list` shows it.
        exercise: String,
    },
    /// Build the book into book-html/ with mdBook (nothing to install).
    Book,
    /// Check the whole workbook: solutions pass, stubs fail, the book builds, fmt and clippy.
    Verify,
}

fn main() -> Result<ExitCode> {
    let cli = Cli::parse();
    let workbook = Workbook::load()?;
    match cli.command.unwrap_or(Command::List) {
        Command::List => list(&workbook),
        Command::Hint { exercise } => hint(&workbook, &exercise)?,
        Command::Book => {
            let index = book::build(&workbook.root)?;
            println!("The book is at {}", index.display());
        }
        Command::Verify => {
            if !verify::verify(&workbook)? {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(workbook: &Workbook) {
    for lesson in &workbook.lessons {
        println!(
            "{}: {} (read {})",
            lesson.package,
            lesson.title,
            lesson.chapter.display()
        );
        for exercise in &lesson.exercises {
            println!(
                "  {:<14} edit {:<40} test: {}",
                exercise.name,
                exercise.file.display(),
                exercise.test_command(lesson)
            );
        }
    }
}

fn hint(workbook: &Workbook, name: &str) -> Result<()> {
    let Some((lesson, exercise)) = workbook.exercise(name) else {
        let names: Vec<&str> = workbook
            .lessons
            .iter()
            .flat_map(|l| l.exercises.iter().map(|e| e.name.as_str()))
            .collect();
        bail!(
            "there is no exercise `{name}`; the exercises are: {}",
            names.join(", ")
        );
    };
    println!(
        "{} ({}), {}",
        exercise.name,
        lesson.package,
        exercise.file.display()
    );
    for (number, hint) in exercise.hints.iter().enumerate() {
        println!("\n  Hint {}: {hint}", number + 1);
    }
    println!("\n  Test it: {}", exercise.test_command(lesson));
    Ok(())
}
