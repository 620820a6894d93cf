//! Exercise `round_robin`: a scheduler for generator tasks.
//!
//! Each task is a generator (see `lesson_01::tasks::Task`): resuming it runs it
//! up to its next pause, where it yields a line, or to its end, where it returns
//! its last line. A round-robin scheduler gives every task one step in turn,
//! until all of them have finished. That loop is the heart of every event loop.
//!
//! Test it: `cargo test -p lesson-01 --test round_robin`

use crate::tasks::Task;
use genawaiter::GeneratorState;
use std::collections::VecDeque;

// ANCHOR: stub
/// Runs `tasks` to completion, one step at a time, taking turns in order:
/// the first task's first step, the second task's first step, ..., then the
/// first task's second step, and so on. A task that finishes leaves the rotation;
/// the others keep their order.
///
/// Returns the trace: every line the tasks yielded or returned, in the order
/// it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    // A queue fits: take a task from the front, resume it once, and put it at the
    // back if it has more to do. Never resume a task that has completed:
    // genawaiter panics if you do.
    todo!("run {} tasks in turn and return the trace", tasks.len())
}
// ANCHOR_END: stub
