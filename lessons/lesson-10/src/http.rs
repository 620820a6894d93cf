//! The monitor's HTTP endpoint: the plumbing around your `serve_state::route`.
//!
//! No web framework: one `match` on the path is all two routes need, and hyper (which
//! the kit's server already builds) keeps `cargo test` after an edit within seconds.

use crate::changes_feed::ChangesFeed;
use crate::status_board::StatusBoard;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::header::{ALLOW, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

// ANCHOR: state
/// A response body: a whole text, or lines sent as they come (chunked).
pub type Body = BoxBody<Bytes, Infallible>;

/// What every request can see: the table and the feed. Cloning it is cheap.
#[derive(Debug, Clone)]
pub struct State {
    pub board: Arc<StatusBoard>,
    pub feed: Arc<ChangesFeed>,
}
// ANCHOR_END: state

// ANCHOR: bodies
/// A whole response at once, with its content type.
pub fn whole(status: StatusCode, content_type: &str, text: String) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Full::new(Bytes::from(text)).boxed())
        .expect("a status and a header always make a response")
}

/// A response that sends each line of `lines` as soon as the stream yields it, a
/// newline after each, and ends when the stream does.
pub fn lines(lines: impl Stream<Item = String> + Send + Sync + 'static) -> Response<Body> {
    let frames = lines.map(|mut line| {
        line.push('\n');
        Ok::<_, Infallible>(Frame::data(Bytes::from(line)))
    });
    Response::builder()
        .header("content-type", "application/x-ndjson")
        .body(BodyExt::boxed(StreamBody::new(frames)))
        .expect("a header always makes a response")
}
// ANCHOR_END: bodies

/// Serves `route` on `listener` until `stop` is cancelled (by the caller, or by a
/// `POST /stop`; any other method there is answered 405), then stops accepting and
/// waits for the connections open then: they end when their responses do (a
/// `/changes` stream ends when the feed closes).
pub async fn serve(listener: TcpListener, state: State, stop: CancellationToken) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = state.clone();
                let stop = stop.clone();
                connections.spawn(async move {
                    let _ = stream.set_nodelay(true);
                    let stopping = stop.clone();
                    let service = service_fn(move |request| {
                        let (state, stop) = (state.clone(), stopping.clone());
                        async move {
                            // A request can stop the monitor too (`POST /stop`).
                            if request.uri().path() == "/stop" {
                                return Ok::<_, Infallible>(stop_on_post(request.method(), &stop));
                            }
                            Ok(crate::serve_state::route(request, state).await)
                        }
                    });
                    let connection =
                        http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(connection);
                    // A client that hangs up is not the monitor's problem. Once stopping,
                    // an idle connection closes; a response under way (a `/changes`
                    // stream) goes on until it ends.
                    tokio::select! {
                        _ = connection.as_mut() => {}
                        () = stop.cancelled() => {
                            connection.as_mut().graceful_shutdown();
                            let _ = connection.await;
                        }
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

/// The answer to a request for `/stop`: a `POST` stops the monitor; any other method
/// (a browser's prefetch, a crawler's `GET`) is refused with 405 and stops nothing.
fn stop_on_post(method: &Method, stop: &CancellationToken) -> Response<Body> {
    if method != Method::POST {
        let mut refused = whole(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "only POST /stop stops the monitor\n".to_owned(),
        );
        refused
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return refused;
    }
    stop.cancel();
    whole(StatusCode::OK, "text/plain", "stopping\n".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_post_stops() {
        let stop = CancellationToken::new();
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
            let refused = stop_on_post(&method, &stop);
            assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
            assert_eq!(refused.headers()[ALLOW], "POST");
            assert!(!stop.is_cancelled(), "{method} /stop stopped the monitor");
        }
        assert_eq!(stop_on_post(&Method::POST, &stop).status(), StatusCode::OK);
        assert!(stop.is_cancelled());
    }
}
