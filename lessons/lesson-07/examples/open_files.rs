//! What a limit on open files does to 5000 requests at once, and what a semaphore
//! does about it. The demo lowers its own soft limit (`ulimit -n`, RLIMIT_NOFILE) to
//! 256, then sends 5000 requests to the kit's local server twice: all at once, and
//! with at most 100 in flight. It prints how many failed, with which error, and the
//! time each run took.
//!
//! Run it: cargo run --release -p lesson-07 --example open_files
//!
//! The server runs in a second process (this program again, started with
//! `--serve`), with the usual limit: as with a real server on another machine, only
//! the client's sockets count against the 256. (With the server in the same process,
//! the two ends share the 256 and can wait on each other for good: the client's
//! connections hold every descriptor while they wait for a server that has none left
//! to accept them with.)

use kit::client::async_client;
use kit::server::SlowServer;
use kit::sites::Site;
use lesson_07::Error;
use lesson_07::open_files::{all_at_once, at_most};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REQUESTS: usize = 5000;
const OPEN_FILES: u64 = 256;
const LIMIT: usize = 100;
const DELAY_MS: u64 = 50;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--serve") {
        return serve();
    }
    let mut server = Command::new(std::env::current_exe().expect("this program's path"))
        .arg("--serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("could not start the server process");
    let mut base_url = String::new();
    BufReader::new(server.stdout.take().expect("piped"))
        .read_line(&mut base_url)
        .expect("the server process prints its address");
    let path = Site::delayed(DELAY_MS, 200).path();
    let urls = vec![format!("{}{path}", base_url.trim()); REQUESTS];
    match lower_open_files_limit(OPEN_FILES) {
        Ok((before, hard)) => println!(
            "Open-file limit (soft RLIMIT_NOFILE) lowered from {before} to {OPEN_FILES} \
             for this process (hard limit {hard})."
        ),
        Err(why) => println!("The open-file limit was left as it is: {why}."),
    }
    let baseline = open_files();
    println!(
        "{REQUESTS} requests to the local server, each answered after {DELAY_MS} ms; \
         {} files open before the first request.\n",
        show(baseline)
    );
    println!("| run                    |    ok | failed | wall time |");
    println!("|------------------------|------:|-------:|----------:|");
    let mut errors = Vec::new();
    let runs: [(&str, Option<usize>); 2] = [
        ("all at once", None),
        ("at most 100 at a time", Some(LIMIT)),
    ];
    for (name, limit) in runs {
        wait_for_sockets_to_close(baseline);
        let start = Instant::now();
        let results = runtime().block_on(async {
            let client = async_client();
            match limit {
                None => all_at_once(&client, &urls).await,
                Some(limit) => at_most(&client, &urls, limit).await,
            }
        });
        let wall = start.elapsed();
        let ok = results.iter().filter(|result| result.is_ok()).count();
        println!(
            "| {name:<22} | {ok:>5} | {:>6} | {:>7.2} s |",
            results.len() - ok,
            wall.as_secs_f64(),
        );
        errors.push((name, tally(&results)));
    }
    for (name, tally) in errors {
        println!("\n{name}: errors");
        if tally.is_empty() {
            println!("  none");
        }
        for (error, count) in tally {
            println!("  {count} x {error}");
        }
    }
    // Closing its stdin tells the server process to stop.
    drop(server.stdin.take());
    let _ = server.wait();
}

/// The server process: prints its address, serves until its stdin closes.
fn serve() {
    let server = SlowServer::start();
    println!("{}", server.base_url());
    std::io::stdout().flush().expect("stdout is open");
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    drop(server);
}

/// Each distinct error with how many requests ended in it, the error's whole chain
/// of causes on one line: the interesting part (an `io::Error`) is at the end.
fn tally(results: &[Result<u16, Error>]) -> BTreeMap<String, usize> {
    let mut tally = BTreeMap::new();
    for error in results.iter().filter_map(|result| result.as_ref().err()) {
        let mut chain = error.to_string();
        let mut cause = error.source();
        while let Some(inner) = cause {
            chain.push_str(": ");
            chain.push_str(&inner.to_string());
            cause = inner.source();
        }
        *tally.entry(chain).or_insert(0) += 1;
    }
    tally
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Files this process has open now (Linux: the entries of /proc/self/fd).
fn open_files() -> Option<usize> {
    std::fs::read_dir("/proc/self/fd")
        .ok()
        .map(|entries| entries.count())
}

fn show(count: Option<usize>) -> String {
    count.map_or_else(|| "(unknown)".to_owned(), |count| count.to_string())
}

/// The previous run's sockets close once its runtime is gone. Each run starts from
/// the same count.
fn wait_for_sockets_to_close(baseline: Option<usize>) {
    let give_up = Instant::now() + Duration::from_secs(10);
    while open_files() > baseline && Instant::now() < give_up {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Lowers this process's soft limit on open files; returns the old soft limit and
/// the hard one.
#[cfg(unix)]
#[allow(unsafe_code)] // two system calls, each given a pointer to a local struct
#[allow(clippy::unnecessary_cast)] // `rlim_t` is `u64` on Linux, not on every Unix
fn lower_open_files_limit(soft: u64) -> Result<(u64, u64), String> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, writable rlimit for the duration of the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    let before = limit.rlim_cur as u64;
    limit.rlim_cur = soft.min(limit.rlim_max as u64) as libc::rlim_t;
    // SAFETY: as above; the kernel only reads it.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    Ok((before, limit.rlim_max as u64))
}

#[cfg(not(unix))]
fn lower_open_files_limit(_soft: u64) -> Result<(u64, u64), String> {
    Err("this demo lowers it only on Unix".to_owned())
}
