//! How much does sharing one number cost? N threads add one to a shared count,
//! 2^22 times in all, through one mutex, 16 sharded mutexes, one atomic, or a
//! private count per thread summed at the end.
//!
//! Run it: `cargo run --release -p lesson-06 --example contention`
//! (`-- 1 2 4 8 16` picks the thread counts; the default is 1 2 4 8;
//! `-- --svg FILE` also draws the table as a line plot.)

use kit::plot::Plot;
use lesson_06::contention::{Sharing, count};
use std::time::Instant;

const INCREMENTS: u64 = 1 << 22;
const RUNS: usize = 5;

fn main() {
    let mut svg = None;
    let mut threads: Vec<usize> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--svg" {
            svg = Some(args.next().expect("--svg takes a file name"));
        } else {
            threads.push(arg.parse().expect("thread counts are whole numbers"));
        }
    }
    let threads = if threads.is_empty() {
        vec![1, 2, 4, 8]
    } else {
        threads
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!(
        "{INCREMENTS} increments in all, split over the threads; median of {RUNS} runs, \
         nanoseconds per increment ({cores} cores here)\n"
    );
    print!("| {:<31} |", "threads");
    for n in &threads {
        print!(" {n:>7} |");
    }
    println!();
    print!("|{:-<33}|", "");
    for _ in &threads {
        print!("{:->8}:|", "");
    }
    println!();
    let mut plot = Plot::new("The cost of sharing one count")
        .subtitle(format!(
            "{INCREMENTS} increments split over the threads; median of {RUNS} runs; {cores} cores"
        ))
        .x_label("threads")
        .y_label("nanoseconds per increment")
        .categories(threads.iter().map(|n| n.to_string()));
    for sharing in Sharing::ALL {
        let mut row = Vec::new();
        print!("| {:<31} |", sharing.name());
        for &n in &threads {
            let per_thread = INCREMENTS / n as u64;
            let mut times: Vec<f64> = (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    let total = count(sharing, n, per_thread);
                    let took = start.elapsed();
                    assert_eq!(
                        total,
                        per_thread * n as u64,
                        "{} lost counts",
                        sharing.name()
                    );
                    took.as_nanos() as f64 / total as f64
                })
                .collect();
            times.sort_by(f64::total_cmp);
            print!(" {:>7.2} |", times[RUNS / 2]);
            row.push(times[RUNS / 2]);
        }
        println!();
        plot = plot.series(sharing.name(), row);
    }
    if let Some(file) = svg
        && let Err(error) = std::fs::write(&file, plot.svg())
    {
        eprintln!("cannot write {file}: {error}");
    }
}
