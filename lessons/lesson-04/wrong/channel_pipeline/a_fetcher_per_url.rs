// Wrong: I spawn a fetcher for every URL, as I did with gevent.spawn, instead of the number I was given
// Caught by the_fetchers_work_at_the_same_time: "a coroutine per URL"
//! Exercise `channel_pipeline`: producer, fetchers and counter, joined by may's channels.

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use may::go;
use may::sync::mpmc;

/// Counts the statuses of `urls` with a pipeline of coroutines: one producer, then
/// `fetchers` fetchers, then this function, counting. Returns an error if a site
/// could not be fetched.
pub fn count_statuses(urls: &[String], _fetchers: usize) -> Result<Counts, Error> {
    let (status_tx, status_rx) = mpmc::channel::<Result<u16, Error>>();

    let agent = agent();
    for url in urls {
        let (status_tx, agent, url) = (status_tx.clone(), agent.clone(), url.clone());
        go!(move || {
            let _ = status_tx.send(status(&agent, &url));
        });
    }
    drop(status_tx);

    let mut counts = Counts::new();
    for status in status_rx {
        *counts.entry(status?).or_insert(0) += 1;
    }
    Ok(counts)
}
