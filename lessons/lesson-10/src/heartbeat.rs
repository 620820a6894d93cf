//! A heartbeat on the runtime: a task that wakes every `beat` and notes how late it
//! woke. A runtime thread that is kept busy (a page hashed on it, a blocking call)
//! shows up as lag: lesson 08's proof that the loop kept its beat.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

/// The lags a heartbeat saw, one per beat.
#[derive(Debug, Clone, Default)]
pub struct Lags(Arc<Mutex<Vec<Duration>>>);

impl Lags {
    /// Every lag so far, sorted.
    pub fn sorted(&self) -> Vec<Duration> {
        let mut lags = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        lags.sort();
        lags
    }
}

/// Starts a heartbeat task that wakes every `beat` until `stop`.
pub fn start(beat: Duration, stop: CancellationToken) -> Lags {
    let lags = Lags::default();
    let noted = lags.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(beat);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                due = ticks.tick() => {
                    let lag = Instant::now().saturating_duration_since(due);
                    noted.0.lock().unwrap_or_else(|e| e.into_inner()).push(lag);
                }
            }
        }
    });
    lags
}

/// The `p`-th percentile (0 to 100) of sorted values; zero for none.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}
