//! A counter kept somewhere slow, and the visit counter that loses counts with it:
//! "async has no races" is a myth.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// How long one read or one write of a [`SlowCounter`] takes.
pub const ROUND_TRIP: Duration = Duration::from_millis(5);

// ANCHOR: slow_counter
/// A number that lives elsewhere (a database row, a cache server): reading it and
/// writing it are each a round trip, an `.await`.
#[derive(Debug, Default)]
pub struct SlowCounter {
    // A plain std Mutex is fine here: it is locked only for an instant, never
    // across an `.await`.
    value: Mutex<u64>,
}

impl SlowCounter {
    pub async fn read(&self) -> u64 {
        sleep(ROUND_TRIP).await;
        *self.value.lock().unwrap()
    }

    pub async fn write(&self, value: u64) {
        sleep(ROUND_TRIP).await;
        *self.value.lock().unwrap() = value;
    }

    /// The value now, at once, with no round trip: for tests and demos.
    pub fn peek(&self) -> u64 {
        *self.value.lock().unwrap()
    }
}
// ANCHOR_END: slow_counter

// ANCHOR: racy
/// One task per page: load the page, then add one to the visit counter. On one
/// thread, with no data race anywhere, it still loses visits.
pub async fn count_visits_racy(counter: Arc<SlowCounter>, pages: &[Duration]) {
    let mut tasks = JoinSet::new();
    for &load in pages {
        let counter = Arc::clone(&counter);
        tasks.spawn(async move {
            sleep(load).await; // load the page
            let visits = counter.read().await;
            // Every other task may run here, and read the same `visits`.
            counter.write(visits + 1).await;
        });
    }
    tasks.join_all().await;
}
// ANCHOR_END: racy

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: racy_test
    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn ten_visits_count_as_one() {
        let counter = Arc::new(SlowCounter::default());
        count_visits_racy(Arc::clone(&counter), &[Duration::from_millis(100); 10]).await;
        // All ten tasks read 0 before any of them wrote: each wrote 1.
        assert_eq!(counter.peek(), 1);
    }
    // ANCHOR_END: racy_test
}
