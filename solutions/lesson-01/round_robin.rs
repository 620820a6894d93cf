//! Reference solution for the `round_robin` exercise.

use crate::tasks::Task;
use genawaiter::GeneratorState;
use std::collections::VecDeque;

/// Runs `tasks` to completion, one step at a time, taking turns in order, and
/// returns every line they yielded or returned, in the order it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    let mut ready: VecDeque<Task> = tasks.into();
    let mut trace = Vec::new();
    while let Some(mut task) = ready.pop_front() {
        match task.resume() {
            GeneratorState::Yielded(line) => {
                trace.push(line);
                ready.push_back(task);
            }
            GeneratorState::Complete(last) => trace.push(last),
        }
    }
    trace
}
