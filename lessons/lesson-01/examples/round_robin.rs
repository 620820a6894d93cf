//! Prints the trace of the round-robin scheduler: who ran when.
//!
//! Yours:          cargo run -p lesson-01 --example round_robin
//! The reference:  cargo run -p lesson-01 --example round_robin --features solution

use lesson_01::round_robin::run;
use lesson_01::tasks::{foo_and_bar, task};

fn main() {
    println!("The talk's gevent example, as generator tasks:");
    for line in run(foo_and_bar()) {
        println!("  {line}");
    }

    // Each task's lines say who it is, so the trace shows the interleaving.
    let tasks = vec![
        task(&["A: fetch 1", "A: fetch 2", "A: fetch 3", "A: done"]),
        task(&["B: done"]),
        task(&["C: parse", "C: done"]),
    ];
    println!("\nThree tasks of different lengths; one row per step, one column per task:");
    println!("  {:>4}  {:<12}{:<12}{:<12}", "step", "A", "B", "C");
    for (step, line) in run(tasks).iter().enumerate() {
        let column = usize::from(line.as_bytes()[0] - b'A');
        println!("  {:>4}  {}{line}", step + 1, " ".repeat(12 * column));
    }
}
