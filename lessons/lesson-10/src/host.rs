//! Which host a URL names.

// ANCHOR: host_of

/// The host (and port) of an `http://` URL: `127.0.0.1:8080` for
/// `http://127.0.0.1:8080/status/200`. Two servers on two ports of one machine are
/// two hosts here, as they are to a browser's per-host connection limit.
///
/// ```
/// use lesson_10::host::host_of;
///
/// assert_eq!(host_of("http://127.0.0.1:8080/status/200"), "127.0.0.1:8080");
/// assert_eq!(host_of("http://a.pretend/delay/100/status/200"), "a.pretend");
/// assert_eq!(host_of("a.pretend"), "a.pretend");
/// ```
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}
// ANCHOR_END: host_of
