//! Exercise `hedged`: a hedged request. Ask the primary; if it has not answered
//! within `patience`, ask the backup too, take whichever answers first, and cancel
//! the other.
//!
//! Test it: `cargo test -p lesson-05 --test hedged`

use crate::Error;
use std::future::Future;
use std::time::Duration;
use tokio::time::sleep;

// ANCHOR: stub
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
    // `tokio::select!` races futures and drops the losers; dropping a future that
    // has not finished cancels it. A future you want to keep polling after a
    // `select!` must be pinned first (`tokio::pin!`) and raced as `&mut future`.
    todo!("race {primary} against the clock, then against {backup}")
}
// ANCHOR_END: stub
