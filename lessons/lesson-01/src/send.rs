//! Sending values into a generator: the talk's "context switching" example.

use genawaiter::GeneratorState;
use genawaiter::rc::Gen;
use std::cell::RefCell;
use std::rc::Rc;

// ANCHOR: context_switch
/// Plays the talk's ping-pong between a caller and a generator that yields
/// 1, 2, ..., `last`, and returns who said what, in order.
pub fn context_switch(last: u32) -> Vec<String> {
    let transcript = Rc::new(RefCell::new(Vec::new()));

    let said = Rc::clone(&transcript);
    let mut generator = Gen::new(move |co| async move {
        for i in 1..=last {
            // `yield_` hands `i` out and, once resumed, evaluates to what the caller sent in.
            let received: u32 = co.yield_(i).await;
            said.borrow_mut().push(format!("From generator {received}"));
        }
    });

    // Priming: run the body up to its first `yield_`. The value passed here has no
    // `yield_` waiting for it, so genawaiter drops it (Python insists on None).
    let mut state = generator.resume_with(0);
    assert_eq!(
        state,
        GeneratorState::Yielded(1),
        "priming stops at the first yield"
    );

    loop {
        state = generator.resume_with(1);
        match state {
            GeneratorState::Yielded(i) => transcript.borrow_mut().push(format!("From user {i}")),
            // Where the talk's `while True` loop dies of StopIteration, we get a value.
            GeneratorState::Complete(()) => break,
        }
    }
    transcript.take()
}
// ANCHOR_END: context_switch

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: transcript
    #[test]
    fn caller_and_generator_take_turns() {
        assert_eq!(
            context_switch(3),
            [
                "From generator 1",
                "From user 2",
                "From generator 1",
                "From user 3",
                "From generator 1"
            ]
        );
    }
    // ANCHOR_END: transcript
}
