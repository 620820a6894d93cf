//! The talk's foo and bar, many times over: how often does the interleaving come
//! out in the talk's order, stepping aside with `yield_now()` or with a zero sleep?
//!
//! Run it: cargo run --release -p lesson-04 --example taking_turns
//!
//! One worker thread, both coroutines spawned from a parent coroutine, as in the
//! `foo_and_bar` exercise. The talk's order is
//! "Im in foo!", "Im in bar", "End of foo", "End of bar".

use may::coroutine;
use may::go;
use may::sync::Mutex;
use std::sync::Arc;
use std::time::Duration;

const ROUNDS: usize = 2000;
const TALKS_ORDER: [&str; 4] = ["Im in foo!", "Im in bar", "End of foo", "End of bar"];

type Log = Arc<Mutex<Vec<&'static str>>>;

/// One round: foo and bar spawned from a parent coroutine, each saying its first
/// line, stepping aside with `step_aside`, and saying its second.
fn one_round(step_aside: fn()) -> Vec<&'static str> {
    let log = Log::default();
    let parent_log = Arc::clone(&log);
    go!(move || {
        let say = |log: &Log, line| log.lock().expect("never poisoned").push(line);
        let (foo_log, bar_log) = (Arc::clone(&parent_log), Arc::clone(&parent_log));
        let foo_done = go!(move || {
            say(&foo_log, "Im in foo!");
            step_aside();
            say(&foo_log, "End of foo");
        });
        let bar_done = go!(move || {
            say(&bar_log, "Im in bar");
            step_aside();
            say(&bar_log, "End of bar");
        });
        foo_done.join().expect("foo panicked");
        bar_done.join().expect("bar panicked");
    })
    .join()
    .expect("the parent panicked");
    log.lock().expect("never poisoned").clone()
}

fn main() {
    lesson_04::configure(1);
    println!("{ROUNDS} rounds of foo and bar on 1 worker, spawned from a parent coroutine:\n");
    for (what, step_aside) in [
        ("yield_now()", coroutine::yield_now as fn()),
        ("sleep(Duration::ZERO)", || coroutine::sleep(Duration::ZERO)),
    ] {
        let in_order = (0..ROUNDS)
            .filter(|_| one_round(step_aside) == TALKS_ORDER)
            .count();
        println!("  {what:<22} {in_order:>5} of {ROUNDS} in the talk's order");
    }
}
