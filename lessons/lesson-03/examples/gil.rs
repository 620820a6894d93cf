//! The GIL, measured: {CPU-bound, I/O-bound} x {with the GIL, without} for 1, 2 and
//! 4 threads, on the lesson's tiny interpreter.
//!
//! Run it: cargo run --release -p lesson-03 --example gil
//!         ... -- --svg FILE   also draws each row's speedup as a line plot
//!
//! Every cell does the same total work, split evenly between its threads, so a
//! cell that takes as long as the 1-thread cell gained nothing from its threads.
//! Each cell is the best of 5 runs: other programs on the machine can only make a
//! run slower, never faster.

use kit::plot::Plot;
use kit::server::SlowServer;
use kit::sites::Site;
use lesson_03::fetch::agent;
use lesson_03::gil::Gil;
use lesson_03::workload::{cpu_bound, io_bound};
use std::cell::Cell;
use std::thread;
use std::time::{Duration, Instant};

/// Steps a thread runs before it offers the GIL: about 5 ms of steps on the
/// measuring machine (the demo prints what it was on yours), like CPython's
/// default switch interval of 5 ms.
const SWITCH_INTERVAL: u32 = 80_000;
/// The CPU-bound program's steps, in total.
const CPU_STEPS: u64 = 10_000_000;
/// The I/O-bound program's requests, in total, and how long each site takes.
const REQUESTS: usize = 40;
const SITE_DELAY_MS: u64 = 25;
const THREADS: [usize; 3] = [1, 2, 4];

#[derive(Clone, Copy)]
enum Lock {
    /// One GIL shared by all the threads.
    Gil,
    /// The free-threaded build: no lock at all.
    None,
}

impl Lock {
    fn build(self) -> Gil {
        match self {
            Lock::Gil => Gil::new(SWITCH_INTERVAL),
            Lock::None => Gil::disabled(),
        }
    }
}

fn main() {
    let svg = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => None,
        [flag, file] if flag == "--svg" => Some(file.clone()),
        _ => {
            eprintln!("usage: cargo run --release -p lesson-03 --example gil [-- --svg FILE]");
            std::process::exit(2);
        }
    };
    let server = SlowServer::start();
    let urls = server.urls(&vec![Site::delayed(SITE_DELAY_MS, 200); REQUESTS]);
    let agent = agent();

    println!(
        "CPU-bound: {CPU_STEPS} steps in total. I/O-bound: {REQUESTS} requests in total, \
         each to a site that answers after {SITE_DELAY_MS} ms.\n\
         Switch interval: {SWITCH_INTERVAL} steps. This machine has {} cores.\n",
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("| program   | lock                      | 1 thread  | 2 threads         | 4 threads");
    println!(
        "|-----------|---------------------------|-----------|-------------------|------------------"
    );

    // How often the GIL changed hands in the last CPU-bound run of each thread count.
    let handovers = [Cell::new(0), Cell::new(0), Cell::new(0)];
    let cpu = |lock: Lock, threads: usize| {
        let gil = lock.build();
        let per_thread = CPU_STEPS / threads as u64;
        let took = time(|| {
            thread::scope(|scope| {
                for _ in 0..threads {
                    scope.spawn(|| cpu_bound(&gil, per_thread));
                }
            });
        });
        let column = THREADS.iter().position(|&t| t == threads).unwrap();
        handovers[column].set(gil.handovers());
        took
    };
    let io = |lock: Lock, release_for_io: bool, threads: usize| {
        let gil = lock.build();
        let (agent, gil) = (&agent, &gil);
        time(|| {
            let answered: usize = thread::scope(|scope| {
                let handles: Vec<_> = urls
                    .chunks(REQUESTS / threads)
                    .map(|chunk| scope.spawn(move || io_bound(gil, agent, chunk, release_for_io)))
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).sum()
            });
            assert_eq!(answered, REQUESTS, "every site answers 200");
        })
    };

    let cpu_with_gil = row("CPU-bound", "the GIL", |t| cpu(Lock::Gil, t));
    let handed_over = handovers.each_ref().map(Cell::get);
    let rows = [
        ("CPU-bound, the GIL", speedups(&cpu_with_gil)),
        (
            "CPU-bound, no GIL",
            speedups(&row("CPU-bound", "no GIL", |t| cpu(Lock::None, t))),
        ),
        (
            "I/O-bound, the GIL released for I/O",
            speedups(&row("I/O-bound", "the GIL, released for I/O", |t| {
                io(Lock::Gil, true, t)
            })),
        ),
        (
            "I/O-bound, no GIL",
            speedups(&row("I/O-bound", "no GIL", |t| io(Lock::None, true, t))),
        ),
        (
            "I/O-bound, the GIL held during I/O",
            speedups(&row("I/O-bound", "the GIL, held during I/O", |t| {
                io(Lock::Gil, false, t)
            })),
        ),
    ];

    let step = cpu_with_gil[0].as_secs_f64() / CPU_STEPS as f64;
    println!(
        "\nA step took {:.1} ns, so a switch interval lasted {:.1} ms.\n\
         Times the GIL was taken in a CPU-bound run with the GIL: \
         1 thread {}, 2 threads {}, 4 threads {}.",
        step * 1e9,
        step * f64::from(SWITCH_INTERVAL) * 1e3,
        handed_over[0],
        handed_over[1],
        handed_over[2],
    );

    if let Some(file) = svg {
        let mut plot = Plot::new("What threads buy you, with and without a GIL")
            .subtitle(format!(
                "the same total work split over 1, 2 and 4 threads; best of {RUNS} runs"
            ))
            .x_label("threads")
            .y_label("speedup over 1 thread")
            .categories(THREADS.map(|threads| threads.to_string()));
        // Rows that land on the same line are drawn with contrasting colours, the
        // later one thinner and dashed, so that both stay visible: table rows 0 and
        // 4 stay at 1x, rows 2 and 3 climb together.
        let [cpu_gil, cpu_free, io_released, io_free, io_held] = rows;
        for (name, speedups) in [cpu_gil, io_released, cpu_free, io_held, io_free] {
            plot = plot.series(name, speedups);
        }
        if let Err(error) = std::fs::write(&file, plot.svg()) {
            eprintln!("cannot write {file}: {error}");
        }
    }
}

const RUNS: usize = 5;

/// One line of the table: the time for 1, 2 and 4 threads, and how many times
/// faster than 1 thread the others were. Returns the times.
fn row(program: &str, lock: &str, mut measure: impl FnMut(usize) -> Duration) -> Vec<Duration> {
    measure(1); // warm up: first connections, first page faults
    let times: Vec<Duration> = THREADS
        .iter()
        .map(|&threads| (0..RUNS).map(|_| measure(threads)).min().unwrap())
        .collect();
    let one = times[0].as_secs_f64();
    print!("| {program:<9} | {lock:<25} | {:>7.3} s", one);
    for time in &times[1..] {
        let secs = time.as_secs_f64();
        print!(" | {secs:>7.3} s ({:>4.1}x)", one / secs);
    }
    println!();
    times
}

/// How many times faster than 1 thread each time is (1.0 for 1 thread).
fn speedups(times: &[Duration]) -> Vec<f64> {
    let one = times[0].as_secs_f64();
    times.iter().map(|time| one / time.as_secs_f64()).collect()
}

fn time(work: impl FnOnce()) -> Duration {
    let start = Instant::now();
    work();
    start.elapsed()
}
