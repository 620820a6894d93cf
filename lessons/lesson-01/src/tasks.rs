//! Generators as tasks: the raw material of a cooperative scheduler.

use genawaiter::rc::Gen;
use std::future::Future;
use std::pin::Pin;

// ANCHOR: task
/// A task for a round-robin scheduler: each resume runs it up to its next pause.
/// It yields a line each time it pauses and returns a last line when it ends.
///
/// Different tasks are different `async` blocks, so different types; boxing the
/// future gives them all one type and lets a scheduler keep them in one queue.
pub type Task = Gen<String, (), Pin<Box<dyn Future<Output = String>>>>;

/// A task that pauses after every line but the last, which it returns.
pub fn task(lines: &[&str]) -> Task {
    let mut lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    let last = lines.pop().unwrap_or_default();
    Gen::new(|co| -> Pin<Box<dyn Future<Output = String>>> {
        Box::pin(async move {
            for line in lines {
                co.yield_(line).await; // the `gevent.sleep(0)` of this world: let the others run
            }
            last
        })
    })
}
// ANCHOR_END: task

// ANCHOR: gevent
/// The two greenlets of the talk's gevent example, as generator tasks.
pub fn foo_and_bar() -> Vec<Task> {
    vec![
        task(&["Im in foo!", "End of foo"]),
        task(&["Im in bar", "End of bar"]),
    ]
}
// ANCHOR_END: gevent

#[cfg(test)]
mod tests {
    use super::*;
    use genawaiter::GeneratorState;

    #[test]
    fn a_task_yields_all_but_its_last_line_and_returns_that() {
        let mut foo = task(&["one", "two", "three"]);
        assert_eq!(foo.resume(), GeneratorState::Yielded("one".to_string()));
        assert_eq!(foo.resume(), GeneratorState::Yielded("two".to_string()));
        assert_eq!(foo.resume(), GeneratorState::Complete("three".to_string()));
    }
}
