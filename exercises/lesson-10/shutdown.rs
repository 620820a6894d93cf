//! Milestone 6, `shutdown`: run rounds on an interval until told to stop; then start
//! nothing new, give the round in flight a grace period to finish, cancel it if it
//! does not, and only then return.
//!
//! Test it: `cargo test -p lesson-10 --test shutdown`

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

// ANCHOR: stub
/// Starts a round (`round()`, spawned as a task) at once and then every `every`,
/// never two at once: a round that takes longer than `every` delays the next. Once
/// `stop` is cancelled, starts no more rounds; the round in flight, if any, gets until
/// `grace` after the stop to finish, and is cancelled then. Returns when no round is
/// running any more.
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
    // Two phases. Running: a `tokio::select!` loop over the stop, the round in flight
    // ending, and the next tick (only when no round runs). Stopping: no more ticks;
    // the round in flight against a deadline `grace` from now. Which wins when the
    // stop and a tick are due at the same moment? And when this returns, is the
    // cancelled round really gone?
    todo!("run rounds every {every:?} until stopped, then {grace:?} of grace")
}
// ANCHOR_END: stub
