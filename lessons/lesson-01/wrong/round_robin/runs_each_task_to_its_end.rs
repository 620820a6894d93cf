// Wrong: I resume each task until it completes before I start the next one
// Caught by interleaves_the_gevent_example: "the tasks ran one after another"
// Draws: "peak 1"
//! Exercise `round_robin`: a scheduler for generator tasks.

use crate::tasks::Task;
use genawaiter::GeneratorState;

/// Runs `tasks` to completion, one step at a time, taking turns in order, and
/// returns every line they yielded or returned, in the order it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    let mut trace = Vec::new();
    for mut task in tasks {
        loop {
            match task.resume() {
                GeneratorState::Yielded(line) => trace.push(line),
                GeneratorState::Complete(last) => {
                    trace.push(last);
                    break;
                }
            }
        }
    }
    trace
}
