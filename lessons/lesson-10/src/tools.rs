//! Two tools milestone 6 needs that no earlier lesson showed, each on its own, away
//! from the monitor: a stop signal every task can wait for, and a clock that ticks on
//! an interval. The chapter shows them before the exercise.

use std::time::Duration;
use tokio::time::{self, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

// ANCHOR: ticks
/// Counts the ticks of a clock that ticks every `every`, the first at once, until
/// `stop` is cancelled.
pub async fn count_ticks(every: Duration, stop: CancellationToken) -> u32 {
    let mut ticks = time::interval(every);
    // A tick that comes late, because the loop was busy, is not made up for with a
    // burst of ticks: the next one comes `every` after the late one.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut counted = 0;
    loop {
        tokio::select! {
            // Try the branches in order: a stop and a tick due together end in the stop.
            biased;
            () = stop.cancelled() => return counted,
            _ = ticks.tick() => counted += 1,
        }
    }
}
// ANCHOR_END: ticks

// ANCHOR: token
/// A token is cheap to clone, and every clone sees the one `cancel`: the task waits
/// on `cancelled()`, anyone else may pull the plug, and `is_cancelled` asks without
/// waiting.
pub async fn ticks_before(every: Duration, stop_after: Duration) -> u32 {
    let stop = CancellationToken::new();
    let counting = tokio::spawn(count_ticks(every, stop.clone()));
    time::sleep(stop_after).await;
    stop.cancel();
    assert!(stop.is_cancelled());
    counting.await.expect("the counter does not panic")
}
// ANCHOR_END: token

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn ticks_until_the_stop() {
        // Ticks at 0 and 100 ms; the stop at 150 ms.
        assert_eq!(ticks_before(EVERY, Duration::from_millis(150)).await, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stop_before_a_due_tick_wins() {
        // The first tick is due at once, and so is the stop: `biased;` takes the stop.
        let stop = CancellationToken::new();
        stop.cancel();
        assert_eq!(count_ticks(EVERY, stop).await, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_tick_delays_the_next() {
        let mut ticks = time::interval(EVERY);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        ticks.tick().await;
        time::sleep(Duration::from_millis(250)).await;
        // `tick` returns when the tick was due; the clock says when it came.
        ticks.tick().await;
        let late = time::Instant::now();
        ticks.tick().await;
        assert_eq!(late.elapsed(), EVERY);
    }
}
