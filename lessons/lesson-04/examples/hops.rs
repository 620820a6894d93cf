//! Does a coroutine wake up on the OS thread it went to sleep on? Count it.
//!
//! Run it: cargo run --release -p lesson-04 --example hops
//!
//! 2000 coroutines each note their OS thread, step aside once (a yield, or a short
//! sleep), and note their thread again. Any difference is a coroutine that resumed
//! on another thread: anything it had read from a `thread_local!` before is now
//! another thread's value. This is why may's spawn is `unsafe`.

use lesson_04::greenlets::thread_before_and_after;
use may::go;
use std::time::Duration;

const COROUTINES: usize = 2000;

fn main() {
    // Two workers, as on a 2-core machine. (The scheduler is configured once per
    // process, so a one-worker count needs its own run: see the chapter.)
    let workers: usize = std::env::args()
        .nth(1)
        .map_or(2, |n| n.parse().expect("the number of workers"));
    lesson_04::configure(workers);
    println!("{COROUTINES} coroutines on {workers} worker thread(s):\n");
    for (what, nap) in [
        ("after yield_now()", None),
        ("after sleep(1 ms)", Some(Duration::from_millis(1))),
    ] {
        let handles: Vec<_> = (0..COROUTINES)
            .map(|_| go!(move || thread_before_and_after(nap)))
            .collect();
        let moved = handles
            .into_iter()
            .map(|handle| handle.join().expect("the coroutine panicked"))
            .filter(|(before, after)| before != after)
            .count();
        println!("  {what:<18} {moved:>5} of {COROUTINES} resumed on another OS thread");
    }
}
