// Wrong: when a task completes I only drop it, and forget the line it returned
// Caught by interleaves_the_gevent_example: "The lines the tasks *return* are missing"
//! Exercise `round_robin`: a scheduler for generator tasks.

use crate::tasks::Task;
use genawaiter::GeneratorState;
use std::collections::VecDeque;

/// Runs `tasks` to completion, one step at a time, taking turns in order, and
/// returns every line they yielded or returned, in the order it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    let mut ready: VecDeque<Task> = tasks.into();
    let mut trace = Vec::new();
    while let Some(mut task) = ready.pop_front() {
        if let GeneratorState::Yielded(line) = task.resume() {
            trace.push(line);
            ready.push_back(task);
        }
    }
    trace
}
