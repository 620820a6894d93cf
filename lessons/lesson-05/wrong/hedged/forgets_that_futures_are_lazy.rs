// Wrong: start the primary, give it the patience, then race it against the backup, like asyncio.create_task
// Caught by a_prompt_primary_needs_no_backup: "A future is lazy"
// Draws: "backup   [==="
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
    // The primary is on its way while we wait.
    let primary = fetch(primary.to_owned());
    sleep(patience).await;

    tokio::select! {
        answer = primary => answer,
        answer = fetch(backup.to_owned()) => answer,
    }
}
