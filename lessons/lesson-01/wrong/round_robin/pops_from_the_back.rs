// Wrong: I keep the tasks in a Vec, pop() one, resume it and push() it back
// Caught by interleaves_the_gevent_example: "A Vec's `pop()` takes the *last* element"
// Draws: "peak 1"
//! Exercise `round_robin`: a scheduler for generator tasks.

use crate::tasks::Task;
use genawaiter::GeneratorState;

/// Runs `tasks` to completion, one step at a time, taking turns in order, and
/// returns every line they yielded or returned, in the order it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    let mut ready = tasks;
    let mut trace = Vec::new();
    while let Some(mut task) = ready.pop() {
        match task.resume() {
            GeneratorState::Yielded(line) => {
                trace.push(line);
                ready.push(task);
            }
            GeneratorState::Complete(last) => trace.push(last),
        }
    }
    trace
}
