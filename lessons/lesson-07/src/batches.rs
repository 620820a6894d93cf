//! Two ways to run jobs "100 at a time" that look alike and are not: batches, and a
//! sliding window (a semaphore).

use crate::tour::work;
use futures_util::future::join_all;

// ANCHOR: batches
/// The tempting one: cut the list into chunks of `size` and run each chunk together.
/// Never more than `size` at once, true; but each chunk waits for its slowest job,
/// while the slots of the jobs that finished early sit empty.
pub async fn in_batches(jobs: &[u64], size: usize) -> Vec<u64> {
    let mut done = Vec::new();
    for batch in jobs.chunks(size) {
        done.extend(join_all(batch.iter().map(|&millis| work(millis))).await);
    }
    done
}
// ANCHOR_END: batches

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tour::inside_tasks;
    use std::time::Duration;
    use tokio::time::Instant;

    // ANCHOR: batches_test
    #[tokio::test(start_paused = true)]
    async fn a_window_beats_batches() {
        // In every group of three, one slow job and two quick ones.
        let jobs = [300, 100, 100].repeat(4);

        let start = Instant::now();
        in_batches(&jobs, 3).await;
        assert_eq!(start.elapsed(), Duration::from_millis(1200)); // 4 x the slowest

        let start = Instant::now();
        inside_tasks(&jobs, 3).await;
        assert_eq!(start.elapsed(), Duration::from_millis(700)); // no slot sits idle
    }
    // ANCHOR_END: batches_test
}
