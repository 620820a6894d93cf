//! A small HTTP server on 127.0.0.1: every request's path goes to a *handler*, an
//! async function that returns the text to answer with. The heartbeat demo runs it on
//! a runtime shared with a heartbeat task; the `hashing_handler` tests run your
//! handler behind it.

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

/// Accepts connections on `listener` forever, one task per connection, and answers
/// every request with `handler(path)`.
pub async fn serve<H, F>(listener: TcpListener, handler: H)
where
    H: Fn(String) -> F + Clone + Send + 'static,
    F: Future<Output = String> + Send + 'static,
{
    // Dropping the set (when this future is dropped) aborts every connection.
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, most likely: let connections close.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let handler = handler.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let answer = handler(request.uri().path().to_owned());
            async move { Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(answer.await)))) }
        });
        connections.spawn(async move {
            // A client that hangs up mid-request is not the server's problem.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        // Forget the connections that have ended.
        while connections.try_join_next().is_some() {}
    }
}

/// [`serve`] on a thread of its own, with a current-thread runtime: one thread for
/// every request, as in asyncio. Dropping it stops it.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start<H, F>(handler: H) -> Server
    where
        H: Fn(String) -> F + Clone + Send + 'static,
        F: Future<Output = String> + Send + 'static,
    {
        // Bound before the thread starts, so the port accepts as soon as we return.
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.set_nonblocking(true).map(|()| listener))
            .expect("could not listen on 127.0.0.1");
        let address = listener
            .local_addr()
            .expect("a bound socket has an address");
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("lesson-08 server {address}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(listener).expect("inside a runtime");
                    tokio::select! {
                        _ = stopped => {}
                        () = serve(listener, handler) => {}
                    }
                });
                // Dropping a runtime waits for its blocking work to end; a handler
                // that never ends must not keep the test that started it waiting.
                runtime.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("could not start the server thread");
        Server {
            address,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
