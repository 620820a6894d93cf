//! Milestone 5, `serve_state`: the monitor's HTTP endpoint: the table as JSON, and
//! the changes as a stream of lines.
//!
//! Test it: `cargo test -p lesson-10 --test serve_state`

use crate::http::{Body, State, lines, whole};
use crate::status::CLOSED_LINE;
use futures_util::stream;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{Map, Value};

// ANCHOR: stub
/// Answers one request:
/// - `GET /status`: 200, the table as one JSON object, `{"site": status, ...}`, each
///   status as `Status::to_json` writes it;
/// - `GET /changes`: 200, one JSON line per feed event (`FeedEvent::line`) as it
///   happens, from the moment of the request; when the feed closes, `CLOSED_LINE`,
///   and the response ends;
/// - anything else: 404.
pub async fn route(request: Request<Incoming>, state: State) -> Response<Body> {
    // Match on `request.uri().path()`. The table: `state.board.snapshot()`, each
    // status as `to_json()`, in a `serde_json::Map`. The changes: a subscription,
    // turned into a stream of lines for `lines(...)` (`futures_util::stream::unfold`).
    // When must the subscription be taken, so that no change after the request is
    // missed? And what tells the subscriber the monitor has closed the feed?
    todo!("answer {} {}", request.method(), request.uri())
}
// ANCHOR_END: stub
