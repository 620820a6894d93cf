//! Checks for the `delegate` exercise: `exercises/lesson-01/delegate.rs`.

use genawaiter::GeneratorState::{self, Complete, Yielded};
use genawaiter::rc::Gen;
use kit::exercise::Exercise;
use lesson_01::delegate::numbered;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

const EXERCISE: Exercise = Exercise::new("delegate", "exercises/lesson-01/delegate.rs");

/// An inner generator that says "ready", then shouts back every line sent to it
/// until it receives "bye"; it returns how many lines it shouted. It counts its starts.
fn shouter(starts: Rc<Cell<u32>>) -> Gen<String, String, impl Future<Output = usize>> {
    listening_shouter(starts, Rc::default())
}

/// A [`shouter`] that also writes down every line it receives, in `heard`.
fn listening_shouter(
    starts: Rc<Cell<u32>>,
    heard: Rc<RefCell<Vec<String>>>,
) -> Gen<String, String, impl Future<Output = usize>> {
    Gen::new(|co| async move {
        starts.set(starts.get() + 1);
        let mut shouted: usize = 0;
        let mut line: String = co.yield_("ready".to_string()).await;
        heard.borrow_mut().push(line.clone());
        while line != "bye" {
            shouted += 1;
            line = co.yield_(line.to_uppercase()).await;
            heard.borrow_mut().push(line.clone());
        }
        shouted
    })
}

fn yielded(line: &str) -> GeneratorState<String, usize> {
    Yielded(line.to_string())
}

#[test]
fn numbers_what_comes_out() {
    EXERCISE.run(|| {
        let inner = Gen::new(|co| async move {
            for line in ["<< 0", "<< 1", "<< 2"] {
                co.yield_(line.to_string()).await;
            }
            0
        });
        let mut wrapper = numbered(inner);
        let got: Vec<_> = (0..4).map(|_| wrapper.resume_with(String::new())).collect();
        let why = if got.first() == Some(&yielded("0: << 0")) {
            "The first line came out as \"0: ...\": the numbers start from 1. Count the line \
             before you number it."
        } else {
            "Every line the inner generator yields should come out numbered from 1, and the \
             wrapper should complete when the inner generator does."
        };
        EXERCISE.check_eq(
            got,
            vec![
                yielded("1: << 0"),
                yielded("2: << 1"),
                yielded("3: << 2"),
                Complete(0),
            ],
            why,
        );
    });
}

#[test]
fn passes_sent_values_to_the_inner_generator() {
    EXERCISE.run(|| {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let mut wrapper = numbered(listening_shouter(Rc::default(), Rc::clone(&heard)));
        let got = vec![
            wrapper.resume_with("(priming)".to_string()),
            wrapper.resume_with("hello".to_string()),
            wrapper.resume_with("yield from".to_string()),
        ];
        let heard = heard.take();
        let sent = ["hello".to_string(), "yield from".to_string()];
        let why = if heard.len() > sent.len() && heard.iter().any(|line| sent.contains(line)) {
            format!(
                "The inner generator was resumed more often than the wrapper: it received \
                 {heard:?} for the 2 values sent in. Each value sent in should be the one \
                 resume that gets the inner generator's next line. Resuming it once to send \
                 and once more to get a line (Python's `send()` and then `next()`) throws away \
                 the line that `send()` returned."
            )
        } else {
            format!(
                "Values sent into the wrapper should reach the inner generator, which shouts \
                 them back; it received {heard:?}. Resuming the inner generator with anything \
                 else (an empty String, say) is a `for` loop, not `yield from`."
            )
        };
        EXERCISE.check_eq(
            got,
            vec![
                yielded("1: ready"),
                yielded("2: HELLO"),
                yielded("3: YIELD FROM"),
            ],
            why,
        );
    });
}

#[test]
fn returns_what_the_inner_generator_returns() {
    EXERCISE.run(|| {
        let mut wrapper = numbered(shouter(Rc::default()));
        wrapper.resume_with("(priming)".to_string());
        wrapper.resume_with("one".to_string());
        wrapper.resume_with("two".to_string());
        EXERCISE.check_eq(
            wrapper.resume_with("bye".to_string()),
            Complete(2),
            "When the inner generator returns, the wrapper should complete with the same value.",
        );
    });
}

#[test]
fn nothing_runs_before_the_wrapper_is_resumed() {
    EXERCISE.run(|| {
        let starts = Rc::new(Cell::new(0));
        let mut wrapper = numbered(shouter(Rc::clone(&starts)));
        EXERCISE.check_eq(
            starts.get(),
            0,
            "Building the wrapper should not start the inner generator: prime it inside the \
             wrapper's body, which runs only when the wrapper itself is resumed.",
        );
        wrapper.resume_with("(priming)".to_string());
        EXERCISE.check_eq(
            starts.get(),
            1,
            "Resuming the wrapper once should start the inner generator once.",
        );
    });
}
