// Wrong: sends the snapshot as `{:?}` text: it has every site and status in it
// Caught by the_table_is_json: "answers the table as one JSON object"
use crate::http::{Body, State, lines, whole};
use crate::status::CLOSED_LINE;
use futures_util::stream;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};

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
            whole(
                StatusCode::OK,
                "text/plain",
                format!("{:?}", state.board.snapshot()),
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
