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

// ANCHOR: worker
/// The worker's side: read URLs from standard input, one a line, count their
/// statuses with `count`, and print the counts as JSON.
pub fn work(count: impl Fn(&[String]) -> Result<Counts, Error>) -> ExitCode {
    let urls: Vec<String> = io::stdin()
        .lines()
        .map_while(Result::ok)
        .filter(|line| !line.is_empty())
        .collect();
    // Records bars for the parent's timeline, if the parent is drawing one.
    match child::recording(|| count(&urls)) {
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
    let program = std::env::current_exe()?;
    let per_worker = urls.len().div_ceil(workers.max(1)).max(1);

    // Start every worker before reading any answer, so that they all fetch at once.
    let children = urls
        .chunks(per_worker)
        .map(|slice| {
            let mut child = Command::new(&program)
                .arg(WORKER_ARG)
                .envs(child::env()) // the demo's timeline clock, if one is recording
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?;
            let mut stdin = child.stdin.take().expect("stdin is piped");
            stdin.write_all(slice.join("\n").as_bytes())?;
            // `stdin` is dropped here, which closes the pipe: the worker sees the end
            // of its list and starts fetching.
            Ok(child)
        })
        .collect::<Result<Vec<Child>, Error>>()?;

    let outputs = children
        .into_iter()
        .enumerate()
        .map(|(index, worker)| {
            let output = worker.wait_with_output()?;
            let output = String::from_utf8_lossy(&output.stdout);
            // The worker's timeline bars, if any, go to the demo; the rest is its answer.
            Ok(child::absorb(&format!("process {}", index + 1), &output))
        })
        .collect::<Result<Vec<String>, Error>>()?;
    Ok(merge(&outputs)?)
}
// ANCHOR_END: parent

/// A worker's output that is not a JSON object of counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    /// Which worker, counting from 0 in the order of the outputs.
    pub worker: usize,
    /// What was wrong with its output.
    pub reason: String,
}

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
