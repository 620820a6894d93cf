//! Fetching a whole page: the kit's client reads only the status; the monitor
//! fingerprints the page too, so it reads the body to its end.

use crate::{Error, Page};
use http_body_util::BodyExt;
use hyper::Uri;
use kit::client::AsyncClient;

pub use kit::client::async_client;

// ANCHOR: fetch_page
/// Fetches `url`: its status and its whole body. Cancelling it (a timeout, a hedge
/// that lost) drops the connection, and the server sees the request abandoned.
pub async fn fetch_page(client: &AsyncClient, url: &str) -> Result<Page, Error> {
    let uri: Uri = url.parse()?;
    let response = client.get(uri).await?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Page { status, body })
}
// ANCHOR_END: fetch_page
