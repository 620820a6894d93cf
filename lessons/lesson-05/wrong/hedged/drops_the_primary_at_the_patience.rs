// Wrong: give the primary a timeout of `patience`; if it runs out, ask the backup instead
// Caught by the_primary_can_still_win_after_the_backup_starts: "don't drop it"
// Draws: "primary  [xxx"
//! Exercise `hedged`: a hedged request. Ask the primary; if it has not answered
//! within `patience`, ask the backup too, take whichever answers first, and cancel
//! the other.
//!
//! Test it: `cargo test -p lesson-05 --test hedged`

use crate::Error;
use std::future::Future;
use std::time::Duration;
use tokio::time::timeout;

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
    match timeout(patience, fetch(primary.to_owned())).await {
        Ok(answer) => answer,
        Err(_elapsed) => fetch(backup.to_owned()).await,
    }
}
