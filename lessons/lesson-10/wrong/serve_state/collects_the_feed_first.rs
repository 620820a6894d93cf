// Wrong: reads the feed to its end, then answers with every line at once
// Caught by changes_arrive_as_they_happen: "Does `route` wait for something before it returns"
// Draws: "[xxx"
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
            let mut subscription = state.feed.subscribe();
            let mut all = Vec::new();
            while let Some(event) = subscription.next().await {
                all.push(event.line());
            }
            all.push(CLOSED_LINE.to_owned());
            lines(stream::iter(all))
        }
        path => whole(
            StatusCode::NOT_FOUND,
            "text/plain",
            format!("no such page: {path} (try /status or /changes)\n"),
        ),
    }
}
