//! Many sleeping tasks: what each kind costs to start, to hold, and to finish.
//!
//! Run it: cargo run --release -p lesson-04 --example sleepers
//!
//! Each task does what the talk's greenlets do most of the time: it waits. It says it
//! has started, sleeps for one second, and ends. For 10,000, 30,000 and 100,000 tasks,
//! the table shows how long it took until every task had started, how much more
//! memory the process held at that moment (resident memory, read from
//! /proc/self/status, so Linux only), and how long until every task had finished.
//!
//! The kinds: OS threads (std::thread), may coroutines with may's default stack and
//! with this lesson's bigger one (stackful, like gevent's greenlets and Go's
//! goroutines), and tokio tasks (stackless, the next lesson's async/await).

use lesson_04::scheduler::STACK_WORDS;
use may::go_with;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long every task sleeps.
const NAP: Duration = Duration::from_secs(1);
/// may's own default stack, in words (see may::config().get_stack_size()).
const MAY_DEFAULT_WORDS: usize = 4 * 1024;

/// What one run measured.
struct Run {
    started: usize,
    /// Until every task had started (or spawning failed).
    all_started: Duration,
    /// Resident memory added, while every task was asleep.
    memory: Option<usize>,
    all_done: Duration,
    /// Why spawning stopped early, if it did.
    error: Option<String>,
}

/// The kinds of task, as named on the command line of a measuring process.
const KINDS: [(&str, &str); 4] = [
    ("threads", "OS threads (std::thread)"),
    ("may32", "may coroutines, 32 KiB stacks"),
    ("may128", "may coroutines, 128 KiB stacks"),
    ("tokio", "tokio tasks (1 thread)"),
];

fn main() -> ExitCode {
    // Every measurement runs in a fresh process, the program started again with
    // `--one KIND COUNT`: memory freed by one run cannot flatter the next, and a
    // kind that brings its process down only loses its own row.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, kind, count] = args.as_slice()
        && flag == "--one"
    {
        let count = count.parse().expect("COUNT is a number");
        let run = match kind.as_str() {
            "threads" => os_threads(count),
            "may32" => coroutines(count, MAY_DEFAULT_WORDS),
            "may128" => coroutines(count, STACK_WORDS),
            "tokio" => tokio_tasks(count),
            _ => panic!("no such kind: {kind}"),
        };
        println!("{}", run.to_line());
        return ExitCode::SUCCESS;
    }

    println!(
        "Tasks that each sleep {NAP:?}, on {} cores; every row is a fresh process.\n",
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "| {:<30} | {:>7} | {:>10} | {:>10} | {:>9} | {:>7} |",
        "kind", "tasks", "start all", "memory", "per task", "finish"
    );
    println!(
        "|{:-<32}|{:->9}|{:->12}|{:->12}|{:->11}|{:->9}|",
        "", "", "", "", "", ""
    );
    for count in [10_000, 30_000, 100_000] {
        for (kind, name) in KINDS {
            match measure(kind, count) {
                Ok(run) => row(name, count, run),
                Err(failure) => println!("| {name:<30} | {count:>7} | failed: {failure}"),
            }
        }
    }
    println!(
        "\nA tokio task here is a future of {} bytes, in one heap allocation.",
        size_of_val(&sleeper_future(Arc::default()))
    );
    ExitCode::SUCCESS
}

/// Runs one measurement in a child process and reads back its line.
fn measure(kind: &str, count: usize) -> Result<Run, String> {
    let output = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .args(["--one", kind, &count.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    match stdout.lines().last().and_then(Run::from_line) {
        Some(run) if output.status.success() => Ok(run),
        _ => {
            // The first line that says what went wrong, not the backtrace after it.
            let stderr = String::from_utf8_lossy(&output.stderr);
            let reason = stderr
                .lines()
                .find(|line| line.contains("error") || line.contains("failed"))
                .unwrap_or("no message");
            Err(format!("{} ({reason})", output.status))
        }
    }
}

impl Run {
    fn to_line(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.started,
            self.all_started.as_nanos(),
            self.memory
                .map_or("-".to_owned(), |bytes| bytes.to_string()),
            self.all_done.as_nanos(),
            self.error.as_deref().unwrap_or("-"),
        )
    }

    fn from_line(line: &str) -> Option<Run> {
        let mut fields = line.splitn(5, ' ');
        let mut next = || fields.next();
        let started = next()?.parse().ok()?;
        let all_started = Duration::from_nanos(next()?.parse().ok()?);
        let memory = next()?.parse().ok();
        let all_done = Duration::from_nanos(next()?.parse().ok()?);
        let error = next().filter(|error| *error != "-").map(str::to_owned);
        Some(Run {
            started,
            all_started,
            memory,
            all_done,
            error,
        })
    }
}

fn row(kind: &str, count: usize, run: Run) {
    let memory = run
        .memory
        .map_or("n/a".to_owned(), |bytes| format!("{:.1} MiB", mib(bytes)));
    let per_task = run.memory.map_or("n/a".to_owned(), |bytes| {
        format!(
            "{:.2} KiB",
            bytes as f64 / 1024.0 / run.started.max(1) as f64
        )
    });
    let tasks = if run.started == count {
        format!("{count}")
    } else {
        format!("{}*", run.started)
    };
    println!(
        "| {kind:<30} | {tasks:>7} | {:>7.0} ms | {memory:>10} | {per_task:>9} | {:>5.2} s |",
        run.all_started.as_secs_f64() * 1000.0,
        run.all_done.as_secs_f64(),
    );
    if let Some(error) = run.error {
        println!(
            "|   * spawning stopped after {} tasks: {error}",
            run.started
        );
    }
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Waits until `started` reaches `count`, then reads the memory.
fn when_all_started(started: &AtomicUsize, count: usize, baseline: Option<usize>) -> Option<usize> {
    while started.load(Ordering::SeqCst) < count {
        thread::sleep(Duration::from_micros(200));
    }
    Some(resident()?.saturating_sub(baseline?))
}

fn os_threads(count: usize) -> Run {
    let baseline = resident();
    let started = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut handles = Vec::with_capacity(count);
    let mut error = None;
    for _ in 0..count {
        let started = Arc::clone(&started);
        let spawned = thread::Builder::new().spawn(move || {
            started.fetch_add(1, Ordering::SeqCst);
            thread::sleep(NAP);
        });
        match spawned {
            Ok(handle) => handles.push(handle),
            Err(failure) => {
                error = Some(failure.to_string());
                break;
            }
        }
    }
    let spawned = handles.len();
    let memory = when_all_started(&started, spawned, baseline);
    let all_started = start.elapsed();
    for handle in handles {
        handle.join().expect("a sleeping thread panicked");
    }
    Run {
        started: spawned,
        all_started,
        memory,
        all_done: start.elapsed(),
        error,
    }
}

fn coroutines(count: usize, stack_words: usize) -> Run {
    let baseline = resident();
    let started = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let handles: Vec<_> = (0..count)
        .map(|_| {
            let started = Arc::clone(&started);
            // `go_with!` is `go!` with a stack size. When the stack cannot be
            // allocated, may panics (and this process dies, which `measure` reports).
            go_with!(stack_words, move || {
                started.fetch_add(1, Ordering::SeqCst);
                may::coroutine::sleep(NAP);
            })
            .expect("may could not start the coroutine")
        })
        .collect();
    let spawned = handles.len();
    let memory = when_all_started(&started, spawned, baseline);
    let all_started = start.elapsed();
    for handle in handles {
        handle.join().expect("a sleeping coroutine panicked");
    }
    Run {
        started: spawned,
        all_started,
        memory,
        all_done: start.elapsed(),
        error: None,
    }
}

async fn sleeper_future(started: Arc<AtomicUsize>) {
    started.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(NAP).await;
}

fn tokio_tasks(count: usize) -> Run {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime");
    let baseline = resident();
    let started = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let (memory, all_started) = runtime.block_on(async {
        let tasks: Vec<_> = (0..count)
            .map(|_| tokio::spawn(sleeper_future(Arc::clone(&started))))
            .collect();
        // Let every task run up to its sleep; the runtime has one thread, this one.
        while started.load(Ordering::SeqCst) < count {
            tokio::task::yield_now().await;
        }
        let memory = resident()
            .zip(baseline)
            .map(|(now, before)| now.saturating_sub(before));
        let all_started = start.elapsed();
        for task in tasks {
            task.await.expect("a sleeping task panicked");
        }
        (memory, all_started)
    });
    Run {
        started: count,
        all_started,
        memory,
        all_done: start.elapsed(),
        error: None,
    }
}

/// The process's resident memory in bytes (Linux only).
fn resident() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
