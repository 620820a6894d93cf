//! The processes version: the program starts copies of itself, hands each a slice of
//! the list, and merges what they print, as the talk's `subprocess` checker did.
//!
//! A program that uses it must start with the worker's side:
//!
//! ```no_run
//! # use lesson_02::processes;
//! fn main() -> std::process::ExitCode {
//!     if processes::is_worker() {
//!         return processes::work(lesson_02::sequential::count_statuses);
//!     }
//!     // ... the parent's work, which may call processes::count_statuses ...
//! # std::process::ExitCode::SUCCESS
//! }
//! ```

use crate::merge::merge;
use crate::{Counts, Error, to_json};
use kit::timeline::child;
use std::fmt;
use std::io::{self, Write};
use std::process::{Child, Command, ExitCode, Stdio};

/// The argument that turns the program into a worker.
pub const WORKER_ARG: &str = "--healthcheck-worker";

/// Whether this process was started as a worker by [`count_statuses`].
pub fn is_worker() -> bool {
    std::env::args().nth(1).as_deref() == Some(WORKER_ARG)
}

/// The worker's side, as a program's `main` calls it: [`serve`] with `count`, which
/// also records the worker's requests for the parent's timeline when the demo draws
/// one.
pub fn work(count: impl Fn(&[String]) -> Result<Counts, Error>) -> ExitCode {
    serve(|urls| child::recording(|| count(urls)))
}

// ANCHOR: worker
/// Reads URLs from standard input, one a line, counts their statuses with `count`,
/// and prints the counts as JSON. An error goes to standard error, and the exit
/// status says that the worker failed.
fn serve(count: impl Fn(&[String]) -> Result<Counts, Error>) -> ExitCode {
    let urls: Vec<String> = io::stdin()
        .lines()
        .map_while(Result::ok)
        .filter(|line| !line.is_empty())
        .collect();
    match count(&urls) {
        Ok(counts) => {
            println!("{}", to_json(&counts));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("worker: {error}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: worker

// ANCHOR: parent
/// The parent's side: split `urls` into `workers` slices, run a copy of this program
/// on each, and merge their answers.
pub fn count_statuses(urls: &[String], workers: usize) -> Result<Counts, Error> {
    let per_worker = urls.len().div_ceil(workers.max(1)).max(1);

    // Start every worker before reading any answer, so that they all fetch at once.
    let children = urls
        .chunks(per_worker)
        .map(start_worker)
        .collect::<Result<Vec<Child>, Error>>()?;

    let outputs = children
        .into_iter()
        .enumerate()
        .map(|(index, worker)| answer(index, worker))
        .collect::<Result<Vec<String>, Error>>()?;
    Ok(merge(&outputs)?)
}

/// Starts a worker and hands it its slice of the list, one URL a line.
fn start_worker(slice: &[String]) -> Result<Child, Error> {
    let mut child = worker_command()?
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(slice.join("\n").as_bytes())?;
    // `stdin` is dropped here, which closes the pipe: the worker sees the end of its
    // list and starts fetching.
    Ok(child)
}

/// Waits for worker number `index` to end and returns what it printed. A worker that
/// failed is an error, with what it said on its standard error.
fn answer(index: usize, worker: Child) -> Result<String, Error> {
    let output = worker.wait_with_output()?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(format!("worker {index} failed ({}): {}", output.status, said.trim()).into());
    }
    Ok(printed(index, &output.stdout))
}
// ANCHOR_END: parent

/// The command that runs this program as a worker. When the demo draws a timeline,
/// it also carries the timeline's clock, so the worker's requests land on it.
fn worker_command() -> io::Result<Command> {
    let mut command = Command::new(std::env::current_exe()?);
    command.arg(WORKER_ARG).envs(child::env());
    Ok(command)
}

/// A worker's answer: what it printed, less the lines that carry its timeline bars
/// (which go to the demo's timeline, if one is recording).
fn printed(index: usize, stdout: &[u8]) -> String {
    child::absorb(
        &format!("process {}", index + 1),
        &String::from_utf8_lossy(stdout),
    )
}

// ANCHOR: merge_error
/// A worker's output that is not a JSON object of counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    /// Which worker, counting from 0 in the order of the outputs.
    pub worker: usize,
    /// What was wrong with its output.
    pub reason: String,
}
// ANCHOR_END: merge_error

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "worker {} printed something other than a JSON object of counts: {}",
            self.worker, self.reason
        )
    }
}

impl std::error::Error for MergeError {}
