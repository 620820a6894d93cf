// Wrong: once the patience runs out, fetch both together and prefer the primary's answer
// Caught by a_slow_primary_is_hedged_and_cancelled: "`join!` waits for both"
// Draws: "1000 ms in all"
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

    // Like asyncio.gather: both, then pick.
    let (first, second) = tokio::join!(primary, fetch(backup.to_owned()));
    first.or(second)
}
