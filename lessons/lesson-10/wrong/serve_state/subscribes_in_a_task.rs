// Wrong: a task of its own subscribes and forwards each line into an `mpsc` channel the body reads
// Caught by a_change_right_after_the_request_is_not_missed: "The first line was the later change"
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
            let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(16);
            let feed = state.feed.clone();
            tokio::spawn(async move {
                let mut subscription = feed.subscribe();
                while let Some(event) = subscription.next().await {
                    if tx.send(event.line()).await.is_err() {
                        return;
                    }
                }
                let _ = tx.send(CLOSED_LINE.to_owned()).await;
            });
            let events = stream::poll_fn(move |cx| rx.poll_recv(cx));
            lines(events)
        }
        path => whole(
            StatusCode::NOT_FOUND,
            "text/plain",
            format!("no such page: {path} (try /status or /changes)\n"),
        ),
    }
}
