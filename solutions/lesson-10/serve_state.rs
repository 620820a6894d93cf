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

/// Answers one request:
/// - `GET /status`: 200, the table as one JSON object, `{"site": status, ...}`, each
///   status as `Status::to_json` writes it;
/// - `GET /changes`: 200, one JSON line per feed event (`FeedEvent::line`) as it
///   happens, from the moment of the request; when the feed closes, `CLOSED_LINE`,
///   and the response ends;
/// - anything else: 404.
pub async fn route(request: Request<Incoming>, state: State) -> Response<Body> {
    match request.uri().path() {
        "/status" => {
            let table: Map<String, Value> = state
                .board
                .snapshot()
                .into_iter()
                .map(|(site, status)| (site, status.to_json()))
                .collect();
            whole(
                StatusCode::OK,
                "application/json",
                Value::Object(table).to_string(),
            )
        }
        "/changes" => {
            // Subscribed now, before the response goes out: no change made after
            // the request can be missed.
            let subscription = state.feed.subscribe();
            let events = stream::unfold(Some(subscription), |subscription| async move {
                let mut subscription = subscription?;
                match subscription.next().await {
                    Some(event) => Some((event.line(), Some(subscription))),
                    None => Some((CLOSED_LINE.to_owned(), None)),
                }
            });
            lines(events)
        }
        path => whole(
            StatusCode::NOT_FOUND,
            "text/plain",
            format!("no such page: {path} (try /status or /changes)\n"),
        ),
    }
}
