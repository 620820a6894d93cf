//! What `.await` calls: `IntoFuture`, Rust's `__await__`. A value that is not a
//! future can still be awaited, if it says how to become one.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use tokio::task::yield_now;

// ANCHOR: into_future
/// A job described step by step, and run only when awaited:
/// `Turns::new("A").turns(3).await`. A builder, not a future.
#[derive(Debug)]
pub struct Turns {
    name: &'static str,
    turns: u32,
}

impl Turns {
    pub fn new(name: &'static str) -> Self {
        Turns { name, turns: 1 }
    }

    /// How many times to give the loop a turn before finishing.
    pub fn turns(mut self, turns: u32) -> Self {
        self.turns = turns;
        self
    }
}

impl IntoFuture for Turns {
    type Output = String;
    // An `async` block's type has no name to write here (naming it with `impl
    // Future` is not stable Rust yet), so the future is boxed.
    type IntoFuture = Pin<Box<dyn Future<Output = String> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            for _ in 0..self.turns {
                // One `Pending`, its wake-up arranged: "poll me again, after the others".
                yield_now().await;
            }
            format!("{} done after {} turns", self.name, self.turns)
        })
    }
}
// ANCHOR_END: into_future

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::counted;
    use std::sync::atomic::Ordering;

    // ANCHOR: into_future_test
    #[tokio::test]
    async fn await_calls_into_future() {
        // `.await` calls `into_future()` for you...
        assert_eq!(Turns::new("A").turns(3).await, "A done after 3 turns");
        // ...and here by hand, to count the polls: one `Pending` per turn, then `Ready`.
        let (future, polls) = counted(Turns::new("B").turns(3).into_future());
        assert_eq!(future.await, "B done after 3 turns");
        assert_eq!(polls.load(Ordering::SeqCst), 4);
    }
    // ANCHOR_END: into_future_test
}
