//! `cargo workbook`: the Spinning Plates runner.

mod book;
mod cargo_test;
mod checks;
mod clock;
mod dedent;
mod doctor;
mod error_codes;
mod figures;
mod files;
mod included;
mod learner;
mod lessons;
mod names;
mod place;
mod pristine;
mod progress;
mod reset;
mod runs;
mod serve;
mod signature;
mod source_links;
mod state;
mod teaching;
mod verify;
mod watch;
mod watcher;
mod wrap;
mod wrong;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};
use lessons::Workbook;
use progress::Progress;
use std::io::{self, IsTerminal};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "cargo workbook",
    bin_name = "cargo workbook",
    about = "Spinning Plates: learn concurrency in Rust, one lesson at a time",
    after_help = "With no command: your progress, then watch mode (the tests of each \
                  exercise you save run at once), at your last place or the lesson or \
                  exercise you name (`cargo workbook lesson-05`). Without a terminal it \
                  prints the progress and exits."
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Start at this lesson (`lesson-05`, or `5`) or exercise (`hedged`); the runner
    /// remembers your place between runs.
    #[arg(value_name = "START", num_args = 0..)]
    start: Vec<String>,
    /// In watch mode, look for saved files every second instead of relying on the
    /// system's file events (for network or container file systems where they fail).
    #[arg(long)]
    poll: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Your progress: every lesson and exercise, done, failing or not started.
    List,
    /// Where a lesson or exercise is: the file to edit, the chapter, the test command.
    Open {
        /// A lesson (`lesson-01`, or `1`) or an exercise (`countdown`); without one,
        /// the exercise you are on.
        name: Option<String>,
    },
    /// The next hint for an exercise (one more each time you ask).
    Hint {
        /// The exercise's name, as `cargo workbook list` shows it (or a lesson's, for
        /// the exercise you are on in it); without one, the exercise you are on.
        exercise: Option<String>,
        /// Show every hint at once.
        #[arg(long)]
        all: bool,
    },
    /// The reference solution for an exercise (asks first).
    Solution {
        /// The exercise; without one, the exercise you are on.
        exercise: Option<String>,
        /// Do not ask (needed without a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Your run drawn beside the reference solution's: the exercise's checks run on
    /// both, and the runs they draw are printed and put side by side on a page.
    Run {
        /// The exercise; without one, the exercise you are on.
        exercise: Option<String>,
    },
    /// Restore the untouched stub; your file is first copied to a backup.
    Reset {
        /// An exercise, a lesson, or `all`; without one, the exercise you are on.
        name: Option<String>,
    },
    /// Build the book into book-html/ with mdBook (nothing to install), or serve it.
    Book {
        /// Serve it on http://127.0.0.1:<port>/, rebuilding it when a source changes.
        #[arg(long)]
        serve: bool,
        #[arg(long, default_value_t = 3000, requires = "serve")]
        port: u16,
        /// Open it in a browser (with --serve).
        #[arg(long, requires = "serve")]
        open: bool,
        /// Build it for publishing: links to the workspace's files point at the
        /// repository (book.toml's git-repository-url), and every link is checked.
        #[arg(long, conflicts_with = "serve")]
        web: bool,
        /// For instructors: each chapter shows the speaker notes of its teaching page
        /// (book/teaching/lesson-NN.md) at the top of each section.
        #[arg(long, conflicts_with = "web")]
        notes: bool,
    },
    /// For instructors: a stopwatch for teaching a lesson, segment by segment (the
    /// teaching page's table); the measured minutes are written beside the estimates.
    Clock {
        /// The lesson (`lesson-05`, or `5`).
        lesson: String,
    },
    /// For maintainers: every figure in the book's prose must be printed in an output
    /// block of its chapter or listed, with its source, in book/figures/<chapter>.toml.
    Figures {
        /// Only the chapters whose file name contains this.
        #[arg(default_value = "")]
        chapter: String,
    },
    /// For maintainers: has the code each `{{#include}}` shows changed since its prose
    /// was last read (book/included.lock)?
    Included {
        /// I have re-read the passages: record what each include shows today.
        #[arg(long)]
        accept: bool,
    },
    /// Check the toolchain and build every lesson and the book, so that the workbook works offline.
    Doctor,
    /// Check the whole workbook: solutions pass, stubs and kept wrong answers fail,
    /// the book builds, fmt and clippy.
    Verify {
        /// Run the solutions' tests and every wrong answer's tests this many times:
        /// every solution run must pass and every wrong-answer run must fail.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        repeat: u32,
    },
    /// For maintainers: try the wrong answers a lesson keeps (all, a lesson's, or an
    /// exercise's) and say which the checks catch.
    Wrong {
        /// A lesson, an exercise, `<exercise>/<mistake>` for one wrong answer, or `all`.
        #[arg(default_value = "all")]
        name: String,
        /// Try each one this many times: every run must catch it.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        repeat: u32,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // The message alone, as a learner needs it: not anyhow's backtrace, which
            // a `RUST_BACKTRACE=1` left set from a test session would add.
            eprint!(
                "{}",
                wrap::fit(&format!("error: {error:#}\n"), wrap::width())
            );
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let workbook = Workbook::load()?;
    if let Some(start) = cli.start.first() {
        check_start(&workbook, start)?;
        if cli.start.len() > 1 {
            anyhow::bail!(
                "`cargo workbook {}` names more than one place to start: give one lesson \
                 or exercise.",
                cli.start.join(" ")
            );
        }
    }
    let start = cli.start.first().map(String::as_str);
    match cli.command {
        // Watch mode needs a terminal to read keys from and to show results on; in CI
        // or a pipe, the progress is the whole answer.
        None if io::stdin().is_terminal() && io::stdout().is_terminal() => {
            watch::watch(&workbook, start, cli.poll)?
        }
        None => list(&workbook, start)?,
        Some(Command::List) => list(&workbook, None)?,
        Some(Command::Open { name }) => learner::open(&workbook, name.as_deref())?,
        Some(Command::Hint { exercise, all }) => {
            learner::hint(&workbook, exercise.as_deref(), all)?
        }
        Some(Command::Solution { exercise, yes }) => {
            learner::solution(&workbook, exercise.as_deref(), yes)?
        }
        Some(Command::Reset { name }) => reset::reset(&workbook, name.as_deref())?,
        Some(Command::Run { exercise }) => runs::run(&workbook, exercise.as_deref())?,
        Some(Command::Book {
            serve,
            port,
            open,
            web,
            notes,
        }) => {
            if serve {
                serve::serve(&workbook.root, port, open, notes)?;
            } else if web {
                let repository = book::repository(&workbook.root)?;
                let readers = source_links::Readers::Web {
                    repository: repository.clone(),
                };
                let index = book::build(&workbook.root, readers, false)?;
                let problems = book::check_built(&index, &workbook.root, &repository)?;
                for problem in &problems {
                    eprintln!("{problem}");
                }
                println!(
                    "The book for {repository} is at {}; {} broken link(s)",
                    index.display(),
                    problems.len()
                );
                if !problems.is_empty() {
                    return Ok(ExitCode::FAILURE);
                }
            } else {
                let index = book::build(&workbook.root, source_links::Readers::Local, notes)?;
                println!("The book is at {}", index.display());
            }
        }
        Some(Command::Clock { lesson }) => clock::clock(&workbook, &lesson)?,
        Some(Command::Figures { chapter }) => {
            let problems = book::figures(&workbook, &chapter)?;
            for problem in &problems {
                println!("{problem}\n");
            }
            println!("{} figure problem(s)", problems.len());
            if !problems.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Included { accept }) => {
            let chapters = book::chapters(&workbook)?;
            let chapters: Vec<&std::path::Path> = chapters.iter().map(|c| c.as_path()).collect();
            if accept {
                let count = included::accept(&workbook.root, &chapters)?;
                println!("{count} includes recorded in {}", included::LOCK);
            } else {
                let problems = included::check(&workbook.root, &chapters)?;
                for problem in &problems {
                    println!("{problem}");
                }
                println!("{} include(s) to re-read", problems.len());
                if !problems.is_empty() {
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Some(Command::Doctor) => {
            if !doctor::doctor(&workbook)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Verify { repeat }) => {
            if !verify::verify(&workbook, repeat)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Some(Command::Wrong { name, repeat }) => {
            if !verify::wrong_answers(&workbook, &name, repeat)? {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A word that names no lesson or exercise but looks like a command (`hints`) is a
/// mistyped command: say so, rather than "no exercise `hints`".
fn check_start(workbook: &Workbook, start: &str) -> Result<()> {
    if names::resolve(workbook, start, false).is_ok() {
        return Ok(());
    }
    let command = Cli::command();
    let closest = command
        .get_subcommands()
        .map(|sub| sub.get_name())
        .map(|name| (strsim::jaro_winkler(start, name), name))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, name)) = closest {
        anyhow::bail!(
            "`{start}` is not a command, a lesson or an exercise. Did you mean \
             `cargo workbook {name}`? `cargo workbook --help` lists the commands."
        );
    }
    names::resolve(workbook, start, false).map(|_| ())
}

/// The progress, with the learner's place (moved to `start` if given).
fn list(workbook: &Workbook, start: Option<&str>) -> Result<()> {
    let progress = Progress::check(workbook, &mut io::stderr())?;
    let place = place::start(workbook, &progress, start)?;
    print!("{}", progress.render(place));
    Ok(())
}
