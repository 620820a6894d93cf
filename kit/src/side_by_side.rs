//! Versions of the Healthcheck Counter measured side by side, Rust and the talks'
//! Python, against one slow server, on the same list of URLs.
//!
//! One run of each says little on a shared 2-core machine: the runs of one version
//! can disagree by half a second on 2000 sites. So [`measure`] runs every version
//! several times, interleaved in rounds (see [`crate::rounds`]), and [`print_table`]
//! shows each version's median and spread (the fastest and the slowest run), the
//! server's peak of requests in flight, and the counts.
//!
//! A version whose time is a long queue (sequential: the sum of the delays) can be
//! run once instead ([`Version::once`]): every run of it lands on its bound.

use crate::rounds::{median, rotated, spread};
use crate::server::SlowServer;
use crate::twin::Twin;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// What one run of a version gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It finished: how long the work took, and the counts as JSON,
    /// `{"200":28,"404":1}`.
    Counted { elapsed: Duration, counts: String },
    /// It returned an error, or the twin failed: what it said.
    Failed(String),
    /// It panicked: a learner's version that is still `todo!()`.
    NotWritten,
}

impl Outcome {
    /// Runs and times `run`, which returns the counts as JSON or an error. A panic
    /// is a version not written yet (set a quiet panic hook to keep it off the
    /// terminal).
    pub fn of<E: Display>(run: impl FnOnce() -> Result<String, E>) -> Outcome {
        let start = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(run));
        let elapsed = start.elapsed();
        match result {
            Ok(Ok(counts)) => Outcome::Counted { elapsed, counts },
            Ok(Err(error)) => Outcome::Failed(error.to_string()),
            Err(_) => Outcome::NotWritten,
        }
    }
}

/// One run of a version: the URLs in, what it gave out.
type Counter<'a> = Box<dyn FnMut(&[String]) -> Outcome + 'a>;

/// A way to count a list's statuses, and its place in the table.
pub struct Version<'a> {
    language: &'static str,
    name: String,
    repeated: bool,
    run: Counter<'a>,
}

impl std::fmt::Debug for Version<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.language, self.name)
    }
}

impl<'a> Version<'a> {
    /// A version in `language` (`Rust`, `Python`): `run` counts the statuses of the
    /// URLs it is given, usually through [`Outcome::of`] or [`twin_counts`].
    pub fn new(
        language: &'static str,
        name: impl Into<String>,
        run: impl FnMut(&[String]) -> Outcome + 'a,
    ) -> Self {
        Version {
            language,
            name: name.into(),
            repeated: true,
            run: Box::new(run),
        }
    }

    /// A Python twin, run with [`twin_counts`].
    pub fn python(name: impl Into<String>, twin: Twin) -> Self {
        Version::new("Python", name, move |urls| twin_counts(&twin, urls))
    }

    /// Runs in the first round only.
    pub fn once(mut self) -> Self {
        self.repeated = false;
        self
    }
}

/// What a Python twin of the Healthcheck Counter prints.
#[derive(Debug, serde::Deserialize)]
struct TwinCounts {
    counts: BTreeMap<String, usize>,
    seconds: f64,
}

/// Runs a Python twin that reads the URLs on its standard input, one a line, and
/// prints `{"counts": {...}, "seconds": ...}`: its time is its own, taken after it
/// has read the list, as the talk timed its scripts (Python's start and imports are
/// not in it).
pub fn twin_counts(twin: &Twin, urls: &[String]) -> Outcome {
    match twin.run::<TwinCounts>(&urls.join("\n")) {
        Ok(found) => Outcome::Counted {
            elapsed: Duration::from_secs_f64(found.seconds),
            counts: serde_json::to_string(&found.counts).expect("a map of counts serializes"),
        },
        Err(error) => Outcome::Failed(error),
    }
}

/// One run, as the table needs it.
#[derive(Debug, Clone)]
struct Run {
    outcome: Outcome,
    peak: usize,
    /// Connection attempts the kernel dropped while it ran: see [`listen_overflows`].
    dropped: Option<u64>,
}

/// Every run of one version.
#[derive(Debug)]
pub struct Row {
    language: &'static str,
    name: String,
    runs: Vec<Run>,
}

/// Runs every version on `urls`, `rounds` times, interleaved (see the module's
/// documentation), resetting the server's gauges before each run.
pub fn measure(
    server: &SlowServer,
    urls: &[String],
    versions: &mut [Version<'_>],
    rounds: usize,
) -> Vec<Row> {
    let mut rows: Vec<Row> = versions
        .iter()
        .map(|version| Row {
            language: version.language,
            name: version.name.clone(),
            runs: Vec::new(),
        })
        .collect();
    for round in 0..rounds.max(1) {
        for index in rotated(versions.len(), round) {
            let version = &mut versions[index];
            if round > 0 && !version.repeated {
                continue;
            }
            server.reset_stats();
            let before = listen_overflows();
            let outcome = (version.run)(urls);
            let after = listen_overflows();
            rows[index].runs.push(Run {
                outcome,
                peak: server.stats().peak_in_flight,
                dropped: before.zip(after).map(|(before, after)| after - before),
            });
        }
    }
    rows
}

/// Prints the rows as a table: the median and spread of each version's runs.
pub fn print_table(rows: &[Row]) {
    let width = rows
        .iter()
        .map(|row| row.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("version".len());
    println!(
        "|        | {:<width$} | runs |  median |        spread | peak in flight | counts",
        "version"
    );
    println!(
        "|--------|{:-<w$}|------|---------|---------------|----------------|-------",
        "",
        w = width + 2
    );
    for row in rows {
        println!("{}", row.line(width));
    }
    for row in rows {
        let unreached = row
            .runs
            .iter()
            .filter(|run| matches!(&run.outcome, Outcome::Counted { counts, .. } if counts.contains("\"error\"")))
            .count();
        if unreached > 0 {
            println!(
                "  {} {}: some sites could not be reached in {unreached} of its {} runs (\"error\" in \
                 its counts), so those runs timed less work: too many open files? (`ulimit -n`)",
                row.language,
                row.name,
                row.runs.len()
            );
        }
        let dropped: Vec<u64> = row.runs.iter().filter_map(|run| run.dropped).collect();
        let total: u64 = dropped.iter().sum();
        if total > 0 {
            let runs = dropped.iter().filter(|&&n| n > 0).count();
            println!(
                "  {} {}: a listen backlog overflowed {total} times during {runs} of its {} runs \
                 (the kernel's count, for the whole machine)",
                row.language,
                row.name,
                row.runs.len()
            );
        }
    }
}

impl Row {
    fn line(&self, width: usize) -> String {
        let start = format!("| {:<6} | {:<width$} |", self.language, self.name);
        let timings: Vec<Duration> = self
            .runs
            .iter()
            .filter_map(|run| match run.outcome {
                Outcome::Counted { elapsed, .. } => Some(elapsed),
                _ => None,
            })
            .collect();
        let runs = self.runs.len();
        if self
            .runs
            .iter()
            .any(|run| run.outcome == Outcome::NotWritten)
        {
            return format!(
                "{start} {runs:>4} | {:>7} | {:>13} | {:>14} | not written yet",
                "-", "-", "-"
            );
        }
        let failures: Vec<&str> = self
            .runs
            .iter()
            .filter_map(|run| match &run.outcome {
                Outcome::Failed(error) => Some(error.as_str()),
                _ => None,
            })
            .collect();
        let Some(median) = median(&timings) else {
            let error = failures.first().copied().unwrap_or("no run");
            return format!(
                "{start} {runs:>4} | {:>7} | {:>13} | {:>14} | error: {error}",
                "-", "-", "-"
            );
        };
        let spread = spread(&timings);
        let peaks = self.runs.iter().map(|run| run.peak);
        let (low, high) = (peaks.clone().min().unwrap_or(0), peaks.max().unwrap_or(0));
        let peak = if low == high {
            low.to_string()
        } else {
            format!("{low}-{high}")
        };
        let mut counts: Vec<&str> = Vec::new();
        for run in &self.runs {
            if let Outcome::Counted { counts: these, .. } = &run.outcome
                && !counts.contains(&these.as_str())
            {
                counts.push(these);
            }
        }
        let mut counted = counts.join(" or ");
        if let Some(error) = failures.first() {
            counted.push_str(&format!(
                "; {} of {runs} runs failed: {error}",
                failures.len()
            ));
        }
        format!(
            "{start} {runs:>4} | {:>5.2} s | {spread:>13} | {peak:>14} | {counted}",
            median.as_secs_f64()
        )
    }
}

/// How many connection attempts the kernel has dropped, machine-wide, because a
/// listening socket's backlog (its queue of connections not yet accepted) was full:
/// `ListenOverflows` in Linux's `/proc/net/netstat`. A client that opens 2000
/// connections at once can overflow a server's backlog; its attempts are then sent
/// again after a second or more. `None` where there is no such file.
pub fn listen_overflows() -> Option<u64> {
    let netstat = std::fs::read_to_string("/proc/net/netstat").ok()?;
    let mut lines = netstat.lines().filter(|line| line.starts_with("TcpExt:"));
    let (names, values) = (lines.next()?, lines.next()?);
    let column = names
        .split_whitespace()
        .position(|name| name == "ListenOverflows")?;
    values.split_whitespace().nth(column)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_shows_median_spread_and_peaks() {
        let run = |millis: u64, peak: usize| Run {
            outcome: Outcome::Counted {
                elapsed: Duration::from_millis(millis),
                counts: r#"{"200":3}"#.to_owned(),
            },
            peak,
            dropped: Some(0),
        };
        let row = Row {
            language: "Python",
            name: "asyncio".to_owned(),
            runs: vec![run(1100, 2000), run(900, 1800), run(1000, 1900)],
        };
        assert_eq!(
            row.line(7),
            r#"| Python | asyncio |    3 |  1.00 s | 0.90 - 1.10 s |      1800-2000 | {"200":3}"#
        );
    }
}
