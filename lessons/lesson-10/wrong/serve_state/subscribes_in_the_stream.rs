// Wrong: subscribes inside the stream, when it is first polled: why subscribe before anyone reads
// Caught by a_change_right_after_the_request_is_not_missed: "the subscription was taken after that"
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
            let feed = state.feed.clone();
            let events = stream::unfold(None, move |subscription| {
                let feed = feed.clone();
                async move {
                    let mut subscription = match subscription {
                        None => feed.subscribe(),
                        Some(None) => return None,
                        Some(Some(subscription)) => subscription,
                    };
                    match subscription.next().await {
                        Some(event) => Some((event.line(), Some(Some(subscription)))),
                        None => Some((CLOSED_LINE.to_owned(), Some(None))),
                    }
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
