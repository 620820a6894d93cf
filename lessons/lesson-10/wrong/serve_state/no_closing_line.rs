// Wrong: streams the changes and simply ends when the feed closes
// Caught by changes_arrive_as_they_happen: "sends `CLOSED_LINE` and ends"
use crate::http::{Body, State, lines, whole};
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
            let subscription = state.feed.subscribe();
            let events = stream::unfold(subscription, |mut subscription| async move {
                let event = subscription.next().await?;
                Some((event.line(), subscription))
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
