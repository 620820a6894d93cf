//! Exercise `channel_pipeline`: producer, fetchers and counter, joined by may's channels.
//!
//! Test it: `cargo test -p lesson-04 --test channel_pipeline`

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use may::go;
use may::sync::mpmc;

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
    // Many fetchers take from one channel, so it must be multi-consumer: mpmc.
    let (url_tx, url_rx) = mpmc::channel::<String>();
    let (status_tx, status_rx) = mpmc::channel::<Result<u16, Error>>();

    let urls = urls.to_vec();
    go!(move || {
        for url in urls {
            // An error means every fetcher has stopped (the counter gave up early).
            if url_tx.send(url).is_err() {
                break;
            }
        }
        // `url_tx` is dropped here: once the channel is empty, the fetchers' loops end.
    });

    let agent = agent();
    for _ in 0..fetchers {
        let (url_rx, status_tx, agent) = (url_rx.clone(), status_tx.clone(), agent.clone());
        go!(move || {
            for url in url_rx {
                // The counter only stops listening after an error; nothing to do then.
                if status_tx.send(status(&agent, &url)).is_err() {
                    break;
                }
            }
        });
    }
    // Our own sender must go too: the counting loop below ends only when every
    // sender is gone, and this one would keep it waiting forever.
    drop(status_tx);

    let mut counts = Counts::new();
    for status in status_rx {
        *counts.entry(status?).or_insert(0) += 1;
    }
    Ok(counts)
}
