//! The two HTTP clients of the lesson: a blocking one for the sequential, process and
//! thread versions, and an async one for the task version.

use crate::Error;
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

// The async client lives in the kit, because lesson 05 uses it too.
pub use kit::client::{AsyncClient, async_client, status_async};
