//! A heartbeat: a task that wants to run every few milliseconds and notes how late it
//! got to. On a healthy event loop it is never more than a timer tick late; on a
//! blocked one it is as late as the blocking lasted.

use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::{Instant, sleep};

// ANCHOR: heartbeat
/// Beats every `period` until `stop` fires, and returns how late each beat was:
/// how much longer than `period` the sleep took.
pub async fn heartbeat(period: Duration, mut stop: oneshot::Receiver<()>) -> Vec<Duration> {
    let mut lags = Vec::new();
    loop {
        let asleep = Instant::now();
        tokio::select! {
            _ = &mut stop => return lags,
            () = sleep(period) => lags.push(asleep.elapsed().saturating_sub(period)),
        }
    }
}
// ANCHOR_END: heartbeat

/// The lags of a run, summed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lags {
    pub beats: usize,
    pub median: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Lags {
    pub fn of(mut lags: Vec<Duration>) -> Lags {
        lags.sort_unstable();
        let at = |fraction: f64| {
            let index = ((lags.len() as f64 - 1.0) * fraction).round() as usize;
            lags.get(index).copied().unwrap_or_default()
        };
        Lags {
            beats: lags.len(),
            median: at(0.5),
            p99: at(0.99),
            max: lags.last().copied().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_loop_keeps_the_beat() {
        // Paused clock: every sleep takes exactly its period, so no beat is late.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap();
        let lags = runtime.block_on(async {
            let (stop, stopped) = oneshot::channel();
            let beats = tokio::spawn(heartbeat(Duration::from_millis(10), stopped));
            sleep(Duration::from_millis(105)).await;
            stop.send(()).unwrap();
            beats.await.unwrap()
        });
        assert_eq!(lags, vec![Duration::ZERO; 10]);
    }

    #[test]
    fn summary() {
        let ms = Duration::from_millis;
        let lags = Lags::of((1..=100).rev().map(ms).collect());
        assert_eq!((lags.beats, lags.median, lags.max), (100, ms(51), ms(100)));
        assert_eq!(lags.p99, ms(99));
    }
}
