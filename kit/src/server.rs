//! The local "slow websites" server.
//!
//! The talks measured their programs against real websites. A laptop on a train or a
//! workshop room needs the same effect offline, so this is a real HTTP server on
//! 127.0.0.1 whose sites are slow on purpose: the path of each request says how long
//! to wait and which status to answer (see [`crate::sites`]).
//!
//! ```no_run
//! use kit::server::SlowServer;
//! use kit::sites::Site;
//!
//! let server = SlowServer::start();
//! let url = server.url(&Site::delayed(350, 200)); // http://127.0.0.1:PORT/delay/350/status/200
//! // ... fetch it with any client ...
//! println!("peak in flight: {}", server.stats().peak_in_flight);
//! // Dropping the server stops it.
//! ```
//!
//! The server counts what it sees ([`Stats`]): requests, requests in flight, and the
//! peak in flight. Tests check those gauges rather than time: a client that sends its
//! requests one after another never has more than one in flight, whatever the machine.
//!
//! A server started with [`SlowServer::under_load`] behaves more like a real one: the
//! more requests it has in flight, the slower each delayed site answers (see
//! [`crate::load`]).
//!
//! It runs on its own thread with its own single-threaded tokio runtime, so it starts
//! the same from plain code, from a test, or from inside an async program, and it
//! never competes with the client for the client's runtime.

use crate::load::Load;
use crate::sites::{Site, Wait};
use crate::timeline::{Lane, Span, Timeline};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

/// How long a `/rendezvous/N/...` request waits for the others before it gives up.
/// Generous, because a correct client on a loaded 2-core machine may need a moment to
/// start N threads; short enough that a wrong one fails while the learner watches.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(5);

/// The longest delay a path may ask for, so no request can hold a test for long.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

/// How many connections may wait to be accepted. A demo that opens thousands of
/// connections at once (lesson 07's 5000 requests, the 2000 sites of the Healthcheck
/// Counter) fills the queue faster than one thread accepts; with the standard
/// library's 128, the kernel drops the connection attempts that do not fit, and each
/// client waits a second or more for its SYN to be sent again. Linux caps the figure
/// at `net.core.somaxconn` (4096 by default since Linux 5.4).
pub const BACKLOG: u32 = 5000;

/// The path of [`SlowServer::hang_up_url`].
const HANG_UP: &str = "/hang-up";

/// What the service returns to make hyper close a connection without answering.
#[derive(Debug)]
struct HungUp;

impl std::fmt::Display for HungUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the site hung up without answering")
    }
}

impl std::error::Error for HungUp {}

/// How a failure message introduces the requests of [`SlowServer::spans`], drawn.
pub const AS_THE_SERVER_SAW_IT: &str = "as the server saw it (a row per connection; [=== is \
     one request, from its arrival to its answer; xxx one never answered)";

/// What the server has counted since it started (or since [`SlowServer::reset_stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Requests received.
    pub requests: usize,
    /// Requests received and not yet answered.
    pub in_flight: usize,
    /// The most requests that were in flight at the same moment.
    pub peak_in_flight: usize,
}

/// A running slow-websites server on 127.0.0.1. Dropping it stops it.
#[derive(Debug)]
pub struct SlowServer {
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl SlowServer {
    /// Starts a server on a free port of 127.0.0.1, with the default patience.
    ///
    /// Panics if it cannot: the machine has no loopback interface or no free port.
    pub fn start() -> SlowServer {
        SlowServer::with_patience(DEFAULT_PATIENCE)
    }

    /// Starts a server whose rendezvous requests wait at most `patience`.
    pub fn with_patience(patience: Duration) -> SlowServer {
        SlowServer::try_start(patience, None)
            .expect("could not start the local slow-websites server")
    }

    /// Starts a server that slows down as it gets busy: a `/delay/MS/...` request
    /// that arrives while `n` requests are in flight (itself included) waits
    /// `load.delay(MS, n)` instead of `MS`, at most [`MAX_DELAY`]. Its answer says
    /// so: `200 OK after 23 ms (5 ms alone, 120 in flight)`. Other sites are unchanged.
    pub fn under_load(load: Load) -> SlowServer {
        SlowServer::try_start(DEFAULT_PATIENCE, Some(load))
            .expect("could not start the local slow-websites server")
    }

    fn try_start(patience: Duration, load: Option<Load>) -> std::io::Result<SlowServer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        // Listening here, before the thread starts, means the port is known and accepting
        // connections as soon as `start` returns: no race with the first request. (The
        // listener registers with the runtime's reactor, hence `enter`.)
        let listener = {
            let _runtime = runtime.enter();
            let socket = TcpSocket::new_v4()?;
            socket.bind((Ipv4Addr::LOCALHOST, 0).into())?;
            socket.listen(BACKLOG)?
        };
        let address = listener.local_addr()?;

        let shared = Arc::new(Shared::new(patience, load));
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name(format!("slow server {address}"))
            .spawn({
                let shared = Arc::clone(&shared);
                move || runtime.block_on(accept_until_stopped(listener, shared, stopped))
            })?;

        Ok(SlowServer {
            address,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Where the server listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:PORT`, with no slash at the end.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The full URL of one site.
    pub fn url(&self, site: &Site) -> String {
        format!("{}{}", self.base_url(), site.path())
    }

    /// A site that takes the request and closes the connection without an answer, as
    /// a server that crashed would: for the client, an error, not a status. The
    /// server records it as a request never answered.
    pub fn hang_up_url(&self) -> String {
        format!("{}{HANG_UP}", self.base_url())
    }

    /// The full URLs of a list of sites, in order.
    pub fn urls(&self, sites: &[Site]) -> Vec<String> {
        sites.iter().map(|site| self.url(site)).collect()
    }

    /// The gauges, as they are now.
    pub fn stats(&self) -> Stats {
        let gauges = &self.shared.gauges;
        Stats {
            requests: gauges.requests.load(Ordering::SeqCst),
            in_flight: gauges.in_flight.load(Ordering::SeqCst),
            peak_in_flight: gauges.peak.load(Ordering::SeqCst),
        }
    }

    /// Every request so far, as the server saw it: one span per request, on the lane
    /// of its connection (`connection 1`, ...), from its arrival to its answer, with
    /// its status as the kind ([`crate::timeline::ABANDONED`] if the client hung up
    /// first). Draw them with [`crate::timeline::text::draw`] or a
    /// [`crate::timeline::Chart`].
    pub fn spans(&self) -> Vec<Span> {
        self.shared.timeline.spans()
    }

    /// The timeline the server records its requests on, to draw it beside another's
    /// (see [`crate::timeline::merged`]).
    pub fn timeline(&self) -> Timeline {
        self.shared.timeline.clone()
    }

    /// Starts counting afresh, e.g. between two runs of a demo: requests go back to
    /// zero and the peak to the number in flight now.
    pub fn reset_stats(&self) {
        let gauges = &self.shared.gauges;
        gauges.requests.store(0, Ordering::SeqCst);
        gauges
            .peak
            .store(gauges.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

impl Drop for SlowServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // An error means the server thread already ended; there is nothing to stop.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // Waiting for the thread makes "dropped" mean "the port is closed".
            let _ = thread.join();
        }
    }
}

/// What the accept loop and every connection share.
#[derive(Debug)]
struct Shared {
    gauges: Gauges,
    /// Every request, as a span on its connection's lane: the learner's run, drawn.
    timeline: Timeline,
    /// Connections accepted so far, to tell them apart on the timeline.
    connections: AtomicUsize,
    rendezvous: Rendezvous,
    load: Option<Load>,
}

impl Shared {
    fn new(patience: Duration, load: Option<Load>) -> Self {
        Shared {
            gauges: Gauges::default(),
            timeline: Timeline::new(),
            connections: AtomicUsize::new(0),
            load,
            rendezvous: Rendezvous {
                patience,
                groups: Mutex::default(),
            },
        }
    }
}

#[derive(Debug, Default)]
struct Gauges {
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

/// Counts one request in flight for as long as it lives. Being a guard, it also
/// counts down when the client hangs up and hyper drops the unfinished request.
struct InFlight<'a>(&'a Gauges);

impl<'a> InFlight<'a> {
    fn new(gauges: &'a Gauges) -> Self {
        gauges.requests.fetch_add(1, Ordering::SeqCst);
        let now = gauges.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        gauges.peak.fetch_max(now, Ordering::SeqCst);
        InFlight(gauges)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn accept_until_stopped(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    // Every connection is a task in this set: when the loop ends, dropping the set
    // aborts them all, so a stopped server leaves nothing running.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&shared)));
                }
                // Out of file descriptors, most likely: wait for connections to close
                // instead of spinning on the error.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    // Small answers should leave at once, not wait for Nagle's algorithm.
    let _ = stream.set_nodelay(true);
    let connection = shared.connections.fetch_add(1, Ordering::Relaxed);
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move { answer(request, &shared, connection).await }
    });
    // A client that hangs up mid-request is not the server's problem.
    let _ = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// Answers one request, counted in flight and recorded on the timeline while it runs.
/// An error makes hyper close the connection without an answer.
async fn answer(
    request: Request<Incoming>,
    shared: &Shared,
    connection: usize,
) -> Result<Response<Full<Bytes>>, HungUp> {
    let _in_flight = InFlight::new(&shared.gauges);
    // Dropped unanswered (either side hung up), the span is recorded as abandoned.
    let running = shared.timeline.begin(
        Lane::numbered("connection", connection),
        request.uri().path(),
    );
    if request.uri().path() == HANG_UP {
        return Err(HungUp);
    }
    let response = respond(request, shared).await;
    running.end(response.status().as_u16());
    Ok(response)
}

async fn respond(request: Request<Incoming>, shared: &Shared) -> Response<Full<Bytes>> {
    let Some(site) = Site::parse(request.uri().path()) else {
        return reply(
            StatusCode::NOT_FOUND,
            "no such site: try /status/200, /delay/350/status/200 or /rendezvous/8/status/200\n"
                .to_owned(),
        );
    };
    let Some(status) = StatusCode::from_u16(site.status)
        .ok()
        .filter(|status| (200..600).contains(&status.as_u16()))
    else {
        return reply(
            StatusCode::BAD_REQUEST,
            format!(
                "a site's status must be from 200 to 599, not {}\n",
                site.status
            ),
        );
    };

    match site.wait {
        Wait::None => reply(status, format!("{status}\n")),
        Wait::Delay(delay) if delay > MAX_DELAY => reply(
            StatusCode::BAD_REQUEST,
            format!("a delay can be at most {} ms\n", MAX_DELAY.as_millis()),
        ),
        Wait::Delay(delay) => match shared.load {
            None => {
                tokio::time::sleep(delay).await;
                reply(status, format!("{status} after {} ms\n", delay.as_millis()))
            }
            Some(load) => {
                // The load when the request arrives decides how long it takes.
                let in_flight = shared.gauges.in_flight.load(Ordering::SeqCst);
                let stretched = load.delay(delay, in_flight).min(MAX_DELAY);
                tokio::time::sleep(stretched).await;
                reply(
                    status,
                    format!(
                        "{status} after {} ms ({} ms alone, {in_flight} in flight)\n",
                        stretched.as_millis(),
                        delay.as_millis()
                    ),
                )
            }
        },
        Wait::Rendezvous(0) => reply(
            StatusCode::BAD_REQUEST,
            "a rendezvous needs at least one request\n".to_owned(),
        ),
        Wait::Rendezvous(together) => match shared.rendezvous.meet(together).await {
            Meeting::Met => reply(status, format!("{status}: {together} requests met\n")),
            Meeting::Broken => reply(
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "rendezvous broken: {together} requests were never waiting at the same \
                     time (waited {:?}); were they sent one after another?\n",
                    shared.rendezvous.patience
                ),
            ),
        },
    }
}

fn reply(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
}

/// Groups of `/rendezvous/N/...` requests, one group per N.
#[derive(Debug)]
struct Rendezvous {
    patience: Duration,
    groups: Mutex<HashMap<usize, Group>>,
}

#[derive(Debug)]
struct Group {
    arrived: usize,
    state: Arc<watch::Sender<GroupState>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupState {
    Waiting,
    Met,
    /// Someone waited longer than the patience. A broken group stays broken: every
    /// later request for the same N is answered at once, so a client that sends its
    /// requests one at a time pays the patience once, not once per request.
    Broken,
}

enum Meeting {
    Met,
    Broken,
}

impl Rendezvous {
    async fn meet(&self, together: usize) -> Meeting {
        let (state, mut changes) = {
            let mut groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
            let group = groups.entry(together).or_insert_with(|| Group {
                arrived: 0,
                state: Arc::new(watch::Sender::new(GroupState::Waiting)),
            });
            if *group.state.borrow() == GroupState::Broken {
                return Meeting::Broken;
            }
            group.arrived += 1;
            if group.arrived == together {
                // The last one in opens the door for everyone; the next N requests
                // form a new group.
                let group = groups.remove(&together).expect("the group is in the map");
                group.state.send_replace(GroupState::Met);
                return Meeting::Met;
            }
            (Arc::clone(&group.state), group.state.subscribe())
        };

        let waited = tokio::time::timeout(
            self.patience,
            changes.wait_for(|state| *state != GroupState::Waiting),
        )
        .await;
        if waited.is_err() {
            // Break the group, unless the last request arrived in the same instant.
            state.send_if_modified(|state| {
                let waiting = *state == GroupState::Waiting;
                if waiting {
                    *state = GroupState::Broken;
                }
                waiting
            });
        }
        match *state.borrow() {
            GroupState::Met => Meeting::Met,
            GroupState::Waiting | GroupState::Broken => Meeting::Broken,
        }
    }
}
