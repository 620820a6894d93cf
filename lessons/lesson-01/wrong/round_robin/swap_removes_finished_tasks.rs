// Wrong: I go round the Vec of tasks and swap_remove each task that finishes
// Caught by finished_tasks_leave_and_the_rest_keep_their_order: "`swap_remove` puts the last task into the gap"
//! Exercise `round_robin`: a scheduler for generator tasks.

use crate::tasks::Task;
use genawaiter::GeneratorState;

/// Runs `tasks` to completion, one step at a time, taking turns in order, and
/// returns every line they yielded or returned, in the order it happened.
pub fn run(tasks: Vec<Task>) -> Vec<String> {
    let mut tasks = tasks;
    let mut trace = Vec::new();
    while !tasks.is_empty() {
        let mut i = 0;
        while i < tasks.len() {
            match tasks[i].resume() {
                GeneratorState::Yielded(line) => {
                    trace.push(line);
                    i += 1;
                }
                GeneratorState::Complete(last) => {
                    trace.push(last);
                    // O(1), and the next task slides into slot i.
                    tasks.swap_remove(i);
                }
            }
        }
    }
    trace
}
