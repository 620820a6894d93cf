//! Every request in flight is an open socket, and a process may only have so many
//! files open at once (`ulimit -n`). The `open_files` demo runs both of these with
//! that limit lowered to 256.

use crate::Error;
use kit::client::{AsyncClient, status_async};
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

// ANCHOR: all_at_once
/// Every request at once, a task each: each holds a socket from its connect to its
/// answer, so all of them need a file descriptor at the same moment.
pub async fn all_at_once(client: &AsyncClient, urls: &[String]) -> Vec<Result<u16, Error>> {
    let mut tasks = JoinSet::new();
    for url in urls {
        let (client, url) = (client.clone(), url.clone());
        tasks.spawn(async move { status_async(&client, &url).await });
    }
    every_result(tasks).await
}
// ANCHOR_END: all_at_once

// ANCHOR: at_most
/// The same requests, with at most `limit` sockets open at once: a permit per
/// socket, held from before the connect until the answer is in.
pub async fn at_most(
    client: &AsyncClient,
    urls: &[String],
    limit: usize,
) -> Vec<Result<u16, Error>> {
    let sockets = Arc::new(Semaphore::new(limit));
    let mut tasks = JoinSet::new();
    for url in urls {
        let (client, url, sockets) = (client.clone(), url.clone(), Arc::clone(&sockets));
        tasks.spawn(async move {
            let _socket = sockets.acquire().await.expect("never closed");
            status_async(&client, &url).await
        });
    }
    every_result(tasks).await
}
// ANCHOR_END: at_most

/// Every task's outcome, failures included (the demo counts them).
async fn every_result(mut tasks: JoinSet<Result<u16, Error>>) -> Vec<Result<u16, Error>> {
    let mut results = Vec::new();
    while let Some(done) = tasks.join_next().await {
        results.push(done.unwrap_or_else(|panicked| Err(panicked.into())));
    }
    results
}
