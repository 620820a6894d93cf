//! Exercise `channel_pipeline`: producer, fetchers and counter, joined by may's channels.
//!
//! Test it: `cargo test -p lesson-04 --test channel_pipeline`

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use may::go;
use may::sync::mpmc;

// ANCHOR: stub
/// Counts the statuses of `urls` with a pipeline of coroutines:
///
/// ```text
/// producer --urls--> `fetchers` fetchers --statuses--> this function, counting
/// ```
///
/// One producer coroutine sends the URLs into a channel; `fetchers` coroutines each
/// take URLs out of it, one at a time, and send what they got into a second channel;
/// this function counts what comes out of the second channel. So at most `fetchers`
/// requests are ever in flight. Returns an error if a site could not be fetched.
pub fn count_statuses(urls: &[String], fetchers: usize) -> Result<Counts, Error> {
    // Two channels from `may::sync::mpmc::channel()`: one of URLs (`String`), one of
    // results (`Result<u16, Error>`). mpmc, because several fetchers take from the
    // same channel; the `Receiver` can be cloned.
    //
    // `for item in receiver` waits for the next item and ends once EVERY `Sender`
    // of that channel has been dropped, including the one you made here. A pipeline
    // that never ends is almost always a sender that is still alive somewhere.
    todo!(
        "count {} URLs through a pipeline with {fetchers} fetchers",
        urls.len()
    )
}
// ANCHOR_END: stub
