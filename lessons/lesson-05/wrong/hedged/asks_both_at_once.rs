// Wrong: ask both servers at once and keep the first answer; the patience only slows things down
// Caught by a_prompt_primary_needs_no_backup: "the backup never asked"
//! Exercise `hedged`: a hedged request. Ask the primary; if it has not answered
//! within `patience`, ask the backup too, take whichever answers first, and cancel
//! the other.
//!
//! Test it: `cargo test -p lesson-05 --test hedged`

use crate::Error;
use std::future::Future;
use std::time::Duration;

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
    // Both at once: whichever answers first wins, and the other is dropped.
    tokio::select! {
        answer = fetch(primary.to_owned()) => answer,
        answer = fetch(backup.to_owned()) => answer,
    }
}
