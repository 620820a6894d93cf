// Wrong: I join each fetcher right after spawning it, to be sure it has done its work
// Caught by the_fetchers_work_at_the_same_time: "the fetchers worked one after another"
// Draws: "peak 1"
//! Exercise `channel_pipeline`: producer, fetchers and counter, joined by may's channels.

use crate::fetch::{agent, status};
use crate::{Counts, Error};
use may::go;
use may::sync::mpmc;

/// Counts the statuses of `urls` with a pipeline of coroutines: one producer, then
/// `fetchers` fetchers, then this function, counting. Returns an error if a site
/// could not be fetched.
pub fn count_statuses(urls: &[String], fetchers: usize) -> Result<Counts, Error> {
    let (url_tx, url_rx) = mpmc::channel::<String>();
    let (status_tx, status_rx) = mpmc::channel::<Result<u16, Error>>();

    let urls = urls.to_vec();
    go!(move || {
        for url in urls {
            if url_tx.send(url).is_err() {
                break;
            }
        }
    });

    let agent = agent();
    for _ in 0..fetchers {
        let (url_rx, status_tx, agent) = (url_rx.clone(), status_tx.clone(), agent.clone());
        go!(move || {
            for url in url_rx {
                if status_tx.send(status(&agent, &url)).is_err() {
                    break;
                }
            }
        })
        .join()
        .expect("a fetcher panicked");
    }
    drop(status_tx);

    let mut counts = Counts::new();
    for status in status_rx {
        *counts.entry(status?).or_insert(0) += 1;
    }
    Ok(counts)
}
