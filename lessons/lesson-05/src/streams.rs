//! Python's `async for`, in Rust: a loop over `.await`s.

use futures_util::StreamExt;
use futures_util::stream::{self, Stream};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

// ANCHOR: channel
/// A producer task sends numbers through a channel; the consumer's `while let`
/// is the `async for`. The loop ends when the producer ends and drops its sender.
pub async fn receive_all() -> Vec<u32> {
    let (sender, mut receiver) = mpsc::channel(8);
    tokio::spawn(async move {
        for n in 1..=3 {
            sleep(Duration::from_millis(10)).await;
            if sender.send(n).await.is_err() {
                return; // the consumer is gone
            }
        }
    });

    let mut received = Vec::new();
    while let Some(n) = receiver.recv().await {
        received.push(n);
    }
    received
}
// ANCHOR_END: channel

// ANCHOR: stream
/// A countdown as a `Stream`: the async twin of lesson 01's countdown iterator. Each
/// item may take an `.await` to produce; here, a tick of the clock.
pub fn countdown(from: u32) -> impl Stream<Item = u32> {
    stream::unfold(Some(from), |next| async move {
        let n = next?;
        sleep(Duration::from_millis(100)).await;
        Some((n, n.checked_sub(1)))
    })
}

/// `async for n in countdown(3)`, in Rust.
pub async fn collect_countdown() -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut ticks = std::pin::pin!(countdown(3));
    while let Some(n) = ticks.next().await {
        numbers.push(n);
    }
    numbers
}
// ANCHOR_END: stream

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn the_loop_ends_when_the_sender_is_dropped() {
        assert_eq!(receive_all().await, [1, 2, 3]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_is_lazy_and_takes_its_time() {
        let start = Instant::now();
        assert_eq!(collect_countdown().await, [3, 2, 1, 0]);
        assert_eq!(start.elapsed(), Duration::from_millis(400));
    }
}
