// Wrong: when the patience runs out, race a fresh primary against the backup
// Caught by a_slow_primary_is_hedged_and_cancelled: "the primary was fetched again"
// Draws: "primary, fetch 2"
//! Exercise `hedged`: a hedged request. Ask the primary; if it has not answered
//! within `patience`, ask the backup too, take whichever answers first, and cancel
//! the other.
//!
//! Test it: `cargo test -p lesson-05 --test hedged`

use crate::Error;
use std::future::Future;
use std::time::Duration;
use tokio::time::sleep;

/// Fetches `primary`; if it has not answered after `patience`, also fetches `backup`
/// and returns the first answer of the two (success or error). The loser is
/// cancelled before this function returns, and the backup is never fetched if the
/// primary answers in time.
pub async fn hedged<F, Fut>(
    fetch: F,
    primary: &str,
    backup: &str,
    patience: Duration,
) -> Result<u16, Error>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<u16, Error>>,
{
    tokio::select! {
        answer = fetch(primary.to_owned()) => return answer,
        _ = sleep(patience) => {}
    }

    // Too slow: ask both, and take whichever answers first.
    tokio::select! {
        answer = fetch(primary.to_owned()) => answer,
        answer = fetch(backup.to_owned()) => answer,
    }
}
