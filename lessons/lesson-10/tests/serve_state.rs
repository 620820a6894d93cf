//! Checks for milestone 5, `serve_state`: `exercises/lesson-10/serve_state.rs`.
//!
//! Your `route` behind the lesson's real hyper server on 127.0.0.1, asked by a real
//! client. The changes check publishes a change only once the response has begun,
//! and reads it before publishing the next: a route that answers only when the feed
//! closes never begins its response, and the check says so after 5 s.

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline};
use lesson_10::changes_feed::ChangesFeed;
use lesson_10::client::async_client;
use lesson_10::http::{State, serve};
use lesson_10::serve_state::route;
use lesson_10::status::CLOSED_LINE;
use lesson_10::status_board::StatusBoard;
use lesson_10::{Change, FeedEvent, Status};
use serde_json::{Value, json};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::time::timeout;
use tokio_util::sync::CancellationToken;

const EXERCISE: Exercise = Exercise::new("serve_state", "exercises/lesson-10/serve_state.rs");

/// How long a check waits for an answer that a correct route sends at once.
const PATIENCE: Duration = Duration::from_secs(5);

struct Service {
    base: String,
    state: State,
    _stop: tokio_util::sync::DropGuard,
}

async fn start() -> Service {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let state = State {
        board: Arc::new(StatusBoard::new()),
        feed: Arc::new(ChangesFeed::new(16)),
    };
    let stop = CancellationToken::new();
    tokio::spawn(serve(listener, state.clone(), stop.clone()));
    Service {
        base,
        state,
        _stop: stop.drop_guard(),
    }
}

async fn get(url: &str) -> hyper::Response<Incoming> {
    match timeout(PATIENCE, async_client().get(url.parse().expect("a URL"))).await {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => EXERCISE.fail(format_args!("GET {url} failed: {error}")),
        Err(_) => EXERCISE.fail(format_args!(
            "GET {url}: no response within {PATIENCE:?}. Does `route` wait for something \
             before it returns (the feed to close, say)? Return the response at once; a \
             streamed body sends its lines later."
        )),
    }
}

async fn whole_body(response: hyper::Response<Incoming>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn change(site: &str, code: u16) -> Change {
    Change {
        site: site.into(),
        from: None,
        to: Status::Answered { code, page: 0xab },
    }
}

#[test]
fn the_table_is_json() {
    EXERCISE.run_async(|| async {
        let service = start().await;
        service.state.board.record(
            "http://a/1",
            Status::Answered {
                code: 200,
                page: 0xab,
            },
        );
        service.state.board.record("http://b/2", Status::TimedOut);
        let response = get(&format!("{}/status", service.base)).await;
        EXERCISE.check_eq(response.status().as_u16(), 200, "GET /status answers 200.");
        let body = whole_body(response).await;
        EXERCISE.check_eq(
            serde_json::from_str::<Value>(&body).ok(),
            Some(json!({
                "http://a/1": {"code": 200, "page": "00000000000000ab"},
                "http://b/2": {"timed_out": true},
            })),
            format_args!(
                "GET /status answers the table as one JSON object, each site's status as \
                 `Status::to_json` writes it. It answered:\n{body}"
            ),
        );
    });
}

#[test]
fn an_unknown_path_is_404() {
    EXERCISE.run_async(|| async {
        let service = start().await;
        let response = get(&format!("{}/no/such/page", service.base)).await;
        EXERCISE.check_eq(
            response.status().as_u16(),
            404,
            "a path that is neither /status nor /changes is answered 404, not with the table.",
        );
    });
}

/// How a failure of the streaming check introduces the run it draws.
const AS_THE_CLIENT_SAW_IT: &str = "as the feed and the client saw it (the feed: [=== open \
     and quiet, or publishing a change; the client: [=== asking for /changes until the headers \
     came, or waiting for one line, xxx a wait that never ended)";

#[test]
fn changes_arrive_as_they_happen() {
    EXERCISE.run_async(|| async {
        let service = start().await;
        let timeline = Timeline::new();
        let url = format!("{}/changes", service.base);
        // The feed is open and quiet while the client asks: an answer that waits for
        // the feed to end never comes, and the drawing shows the client waiting.
        let quiet = timeline.begin(Lane::named("feed"), "open, quiet");
        let asking = timeline.begin(Lane::named("client"), "GET /changes");
        let answered = timeout(PATIENCE, async_client().get(url.parse().expect("a URL"))).await;
        quiet.end("open");
        let response = match answered {
            Ok(Ok(response)) => {
                asking.end("headers");
                response
            }
            Ok(Err(error)) => EXERCISE.fail(format_args!("GET {url} failed: {error}")),
            Err(_) => {
                drop(asking);
                EXERCISE.fail(format_args!(
                    "GET {url}: no response within {PATIENCE:?}, while the feed stayed open. \
                     Does `route` wait for something before it returns, such as the feed's \
                     end? Return the response at once, with a body that streams the lines \
                     (`lines(...)`).\n{}",
                    EXERCISE.run_of(AS_THE_CLIENT_SAW_IT, timeline.spans())
                ))
            }
        };
        EXERCISE.check_eq(response.status().as_u16(), 200, "GET /changes answers 200.");
        let mut body = response.into_body();
        let mut pending = String::new();
        for (site, code) in [("http://a/1", 500), ("http://a/1", 200)] {
            let published = change(site, code);
            let line = FeedEvent::Change(published.clone()).line();
            let publishing = timeline.begin(Lane::named("feed"), "publish");
            service.state.feed.publish(published);
            publishing.end("published");
            let reading = timeline.begin(Lane::named("client"), "read a line");
            let got = timeout(PATIENCE, next_line(&mut body, &mut pending)).await;
            reading.end(if got.is_ok() { "line" } else { "error" });
            EXERCISE.check_eq(
                got.ok().flatten(),
                Some(line),
                format_args!(
                    "each change goes out as one JSON line (`FeedEvent::line`) as soon as it \
                     is published, while the response stays open. Nothing came within \
                     {PATIENCE:?} means the lines wait for something: collected until the \
                     feed closes? Stream them with `lines(...)`.\n{}",
                    EXERCISE.run_of(AS_THE_CLIENT_SAW_IT, timeline.spans())
                ),
            );
        }
        service.state.feed.close();
        let last = timeout(PATIENCE, next_line(&mut body, &mut pending))
            .await
            .ok()
            .flatten();
        let after = timeout(PATIENCE, next_line(&mut body, &mut pending))
            .await
            .ok()
            .flatten();
        EXERCISE.check_eq(
            (last, after),
            (Some(CLOSED_LINE.to_owned()), None),
            "when the feed closes (the monitor is stopping), /changes sends `CLOSED_LINE` \
             and ends: the subscriber is told, and not left waiting on an open connection.",
        );
    });
}

#[test]
fn a_change_right_after_the_request_is_not_missed() {
    EXERCISE.run_async(|| async {
        // A server of the test's own, around your `route`: once `route` has returned the
        // response, and before hyper sends a byte of it, a change is published. A route
        // that subscribed when it was called has it; one that subscribes later (when the
        // body is first polled, or in a task of its own) has missed it.
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!(
            "http://{}/changes",
            listener.local_addr().expect("an address")
        );
        let state = State {
            board: Arc::new(StatusBoard::new()),
            feed: Arc::new(ChangesFeed::new(16)),
        };
        let right_after = change("http://a/1", 500);
        let later = change("http://a/1", 200);
        let serving = {
            let (state, right_after) = (state.clone(), right_after.clone());
            tokio::spawn(async move {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let service = service_fn(move |request| {
                    let (state, right_after) = (state.clone(), right_after.clone());
                    async move {
                        let response = route(request, state.clone()).await;
                        state.feed.publish(right_after);
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            })
        };
        let _stop = AbortOnDrop(serving);
        let response = get(&url).await;
        EXERCISE.check_eq(response.status().as_u16(), 200, "GET /changes answers 200.");
        // A later change, once the headers are in: the line a late subscriber reads first.
        state.feed.publish(later.clone());
        let mut body = response.into_body();
        let mut pending = String::new();
        let first = timeout(PATIENCE, next_line(&mut body, &mut pending))
            .await
            .ok()
            .flatten();
        let (expected, late) = (
            FeedEvent::Change(right_after).line(),
            FeedEvent::Change(later).line(),
        );
        let why = if first.as_deref() == Some(late.as_str()) {
            "The first line was the later change: the one published right after `route` \
             returned was missed, because the subscription was taken after that (inside the \
             stream, on its first poll, or in a task of its own)."
        } else {
            "Nothing, or something else, came first."
        };
        EXERCISE.check_eq(
            first,
            Some(expected),
            format_args!(
                "a change published right after `route` returned the response, before the \
                 body was sent, is the first line of /changes. {why} Subscribe in `route` \
                 itself, before it returns: `let subscription = state.feed.subscribe();`, \
                 then move the subscription into the stream."
            ),
        );
    });
}

/// Aborts the test's own server when the check ends, however it ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The next whole line of the body, without its newline; `None` at its end.
async fn next_line(body: &mut Incoming, pending: &mut String) -> Option<String> {
    loop {
        if let Some(newline) = pending.find('\n') {
            let line = pending[..newline].to_owned();
            pending.drain(..=newline);
            return Some(line);
        }
        let frame = body.frame().await?.ok()?;
        if let Ok(data) = frame.into_data() {
            let data: Bytes = data;
            pending.push_str(&String::from_utf8_lossy(&data));
        }
    }
}
