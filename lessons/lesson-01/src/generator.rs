//! The talk's `countdown` generator, written with genawaiter.

use genawaiter::rc::Gen;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

// ANCHOR: countdown
/// Yields `from`, `from - 1`, ..., `0`, one value each time it is resumed.
pub fn countdown(from: u32) -> Gen<u32, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        for n in (0..=from).rev() {
            co.yield_(n).await;
        }
    })
}
// ANCHOR_END: countdown

// ANCHOR: traced
/// The same countdown, but it writes down every line of its body that runs.
pub fn traced_countdown(
    from: u32,
    log: Rc<RefCell<Vec<String>>>,
) -> Gen<u32, (), impl Future<Output = ()>> {
    Gen::new(move |co| async move {
        log.borrow_mut()
            .push(format!("started, counting down from {from}"));
        for n in (0..=from).rev() {
            log.borrow_mut().push(format!("about to yield {n}"));
            co.yield_(n).await;
            log.borrow_mut().push(format!("resumed after {n}"));
        }
        log.borrow_mut().push("finished".to_string());
    })
}
// ANCHOR_END: traced

#[cfg(test)]
mod tests {
    use super::*;
    use genawaiter::GeneratorState;

    #[test]
    fn countdown_yields_every_number_down_to_zero() {
        assert_eq!(countdown(3).into_iter().collect::<Vec<_>>(), [3, 2, 1, 0]);
    }

    // ANCHOR: lazy
    #[test]
    fn nothing_runs_until_resumed() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let mut count = traced_countdown(1, Rc::clone(&log));
        assert!(log.borrow().is_empty());

        assert_eq!(count.resume(), GeneratorState::Yielded(1));
        assert_eq!(
            *log.borrow(),
            ["started, counting down from 1", "about to yield 1"]
        );
    }
    // ANCHOR_END: lazy
}
