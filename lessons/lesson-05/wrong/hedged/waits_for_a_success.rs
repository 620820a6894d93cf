// Wrong: an error is not an answer worth having while the other request may still succeed
// Caught by a_primary_that_fails_during_the_race_is_the_answer: "the primary's error, at 500 ms"
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

    // Take the first success; an error only if both fail.
    let backup = fetch(backup.to_owned());
    tokio::pin!(backup);
    tokio::select! {
        Ok(status) = &mut primary => Ok(status),
        Ok(status) = &mut backup => Ok(status),
        else => Err("both the primary and the backup failed".into()),
    }
}
