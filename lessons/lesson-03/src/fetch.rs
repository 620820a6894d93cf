//! The blocking HTTP client of the lesson (the same one as lesson 02's).

use crate::Error;

// ANCHOR: fetch
/// A blocking client that reports every status as a status, 404s and 503s
/// included: a health check's whole job is to count those.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Fetches `url` and returns its status code. The calling thread waits, doing
/// nothing else, until the answer arrives.
pub fn status(agent: &ureq::Agent, url: &str) -> Result<u16, Error> {
    let response = agent.get(url).call()?;
    Ok(response.status().as_u16())
}
// ANCHOR_END: fetch
