// Wrong: the backup is only a helper: if it fails, keep waiting for the primary
// Caught by a_backup_that_fails_is_the_answer: "the backup's error, at 350 ms"
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
    let primary = fetch(primary.to_owned());
    tokio::pin!(primary);

    tokio::select! {
        answer = &mut primary => return answer,
        _ = sleep(patience) => {}
    }

    // The backup counts only if it succeeds.
    tokio::select! {
        answer = &mut primary => answer,
        Ok(status) = fetch(backup.to_owned()) => Ok(status),
    }
}
