// Wrong: a plain `tokio::select!` over the stop, the round's end and the tick: any order will do
// Caught by a_stop_made_before_the_start_starts_nothing: "picks among ready branches at random"
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinSet;
use tokio::time::{MissedTickBehavior, interval, sleep};
use tokio_util::sync::CancellationToken;

/// How a run of rounds ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stopped {
    pub rounds_started: usize,
    pub rounds_finished: usize,
    /// Rounds still running when the grace period ended, and cancelled.
    pub rounds_cancelled: usize,
}

/// Starts a round (`round()`, spawned as a task) at once and then every `every`,
/// never two at once: a round that takes longer than `every` delays the next. Once
/// `stop` is cancelled, starts no more rounds; the round in flight, if any, may finish
/// until the deadline, `grace` after the stop, and is cancelled then. The deadline is
/// exclusive: a round that ends at that very instant is cancelled too. Returns when no
/// round is running any more.
pub async fn run_until_stopped<R, Fut>(
    every: Duration,
    mut round: R,
    stop: CancellationToken,
    grace: Duration,
) -> Stopped
where
    R: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut stopped = Stopped::default();
    let mut ticks = interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // At most one round, but in a `JoinSet`: dropped, it cancels what it holds.
    let mut running = JoinSet::new();
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            Some(ended) = running.join_next() => {
                ended.expect("a round panicked");
                stopped.rounds_finished += 1;
            }
            _ = ticks.tick(), if running.is_empty() => {
                running.spawn(round());
                stopped.rounds_started += 1;
            }
        }
    }

    // Stopping: nothing new starts; what runs gets until the deadline.
    let deadline = sleep(grace);
    tokio::pin!(deadline);
    while !running.is_empty() {
        tokio::select! {
            // The deadline first: at the deadline, a round is cancelled on every run,
            // even one that ended at that very instant.
            biased;
            () = &mut deadline => {
                stopped.rounds_cancelled += running.len();
                // Cancelled, and waited for: when this returns, nothing runs on.
                running.shutdown().await;
            }
            Some(ended) = running.join_next() => {
                ended.expect("a round panicked");
                stopped.rounds_finished += 1;
            }
        }
    }
    stopped
}
