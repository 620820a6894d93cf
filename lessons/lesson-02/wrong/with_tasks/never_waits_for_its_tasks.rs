// Wrong: spawns tasks that add to a shared map and returns without awaiting them
// Caught by counts_match_the_list: "Only 0 of 20 statuses were counted"
//! Exercise `with_tasks`: the talk's asyncio Healthcheck Counter. One async task per
//! URL, all waiting for their answers at the same time, gathered at the end.
//!
//! Test it: `cargo test -p lesson-02 --test with_tasks`

use crate::fetch::{async_client, status_async};
use crate::{Counts, Error};
use std::sync::{Arc, Mutex};

/// Fetches every URL in its own task and counts how many answered with each status.
/// Returns an error if a site could not be fetched. Needs a tokio runtime, and works
/// on a runtime with a single thread.
pub async fn count_statuses(urls: &[String]) -> Result<Counts, Error> {
    let client = async_client();
    let counts = Arc::new(Mutex::new(Counts::new()));
    for url in urls {
        let client = client.clone();
        let url = url.clone();
        let counts = Arc::clone(&counts);
        // Like asyncio.create_task without a gather: the task runs in the background.
        tokio::spawn(async move {
            if let Ok(status) = status_async(&client, &url).await {
                *counts.lock().unwrap().entry(status).or_insert(0) += 1;
            }
        });
    }
    let counts = counts.lock().unwrap().clone();
    Ok(counts)
}
