// Wrong: every round I resume every task, and count the ones that have finished to know when to stop
// Caught by finished_tasks_leave_and_the_rest_keep_their_order: "a task was resumed after it had finished"
//! Exercise `round_robin`: a scheduler for generator tasks.

use crate::tasks::Task;
use genawaiter::GeneratorState;

/// Runs `tasks` to completion, one step at a time, taking turns in order, and
/// returns every line they yielded or returned, in the order it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    let mut tasks = tasks;
    let mut trace = Vec::new();
    let mut finished = 0;
    while finished < tasks.len() {
        for task in &mut tasks {
            match task.resume() {
                GeneratorState::Yielded(line) => trace.push(line),
                GeneratorState::Complete(last) => {
                    trace.push(last);
                    finished += 1;
                }
            }
        }
    }
    trace
}
