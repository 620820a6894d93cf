//! The two HTTP clients of the lesson: a blocking one for the sequential, process and
//! thread versions, and an async one for the task version.

use crate::Error;
use http_body_util::Empty;
use hyper::Uri;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use kit::timeline::{self, Lane};

// ANCHOR: agent
/// A blocking client that reports every status as a status. By default ureq turns
/// a 404 or a 503 into an `Err`, which is right for most programs and wrong for a
/// health check, whose whole job is to count those.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fetches `url` and returns its status code. The calling thread waits, doing
/// nothing else, until the answer arrives.
pub fn status(agent: &ureq::Agent, url: &str) -> Result<u16, Error> {
    // A bar on the demo's timeline, if one is recording; otherwise nothing.
    let span = timeline::begin(Lane::this_thread(), url);
    let status = agent.get(url).call()?.status().as_u16();
    span.end(status);
    Ok(status)
}
// ANCHOR_END: agent

// ANCHOR: async_client
/// hyper's ready-made client for plain HTTP. Cloning it is cheap and shares its pool
/// of connections, so every task can have its own handle.
pub type AsyncClient = Client<HttpConnector, Empty<Bytes>>;

pub fn async_client() -> AsyncClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Fetches `url` and returns its status code. While the answer is on its way the
/// task is suspended at the `.await`, and the thread runs other tasks.
pub async fn status_async(client: &AsyncClient, url: &str) -> Result<u16, Error> {
    // A bar on the demo's timeline, one lane per task, if one is recording.
    let span = timeline::begin(Lane::numbered("task", tokio::task::try_id()), url);
    let uri: Uri = url.parse()?;
    let status = client.get(uri).await?.status().as_u16();
    span.end(status);
    Ok(status)
}
// ANCHOR_END: async_client
