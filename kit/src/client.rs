//! The async HTTP client the lessons share: hyper's ready-made client for plain HTTP,
//! behind two small helpers. Lesson 02 introduces it; lesson 05 builds on it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), kit::client::Error> {
//! use kit::client::{async_client, status_async};
//!
//! let client = async_client();
//! let status = status_async(&client, "http://127.0.0.1:8080/status/404").await?;
//! assert_eq!(status, 404);
//! # Ok(())
//! # }
//! ```
//!
//! It needs a tokio runtime (either flavour) with I/O enabled.

use http_body_util::Empty;
use hyper::Uri;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::timeline::{self, Lane};

/// Any error a fetch can end with. Boxed, so that a bad URL, a refused connection and
/// a task that panicked all fit, and `?` converts each.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

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
