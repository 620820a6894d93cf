//! The service: your six milestones, composed.
//!
//! Every `every`, a round checks every site (`check_round`). Each check's result goes
//! to one recorder task as soon as the check ends: it fingerprints the page on the
//! CPU pool (`fingerprint`), records the status (`status_board`) and publishes the
//! change, if any, to the subscribers (`changes_feed`). `serve_state` shows the
//! table and the feed over HTTP, and `shutdown` runs the rounds until told to stop.

use crate::changes_feed::ChangesFeed;
use crate::check_round::check_round;
use crate::client::fetch_page;
use crate::fingerprint::{Hasher, fingerprint, sha256_hasher};
use crate::shutdown::{Stopped, run_until_stopped};
use crate::status_board::StatusBoard;
use crate::{Checked, Failure, Limits, Status};
use kit::client::AsyncClient;
use kit::timeline::{Lane, Timeline};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// What a check that never started says: the monitor was stopping. Never recorded.
const NOT_STARTED: &str = "not started: the monitor is stopping";

// ANCHOR: monitor
/// The monitor's parts and settings.
#[derive(Debug, Clone)]
pub struct Monitor {
    pub sites: Arc<Vec<String>>,
    pub limits: Limits,
    /// A round starts this long after the one before started (or when it ends, if
    /// it took longer).
    pub every: Duration,
    /// How long the checks in flight at a stop get to finish.
    pub grace: Duration,
    pub board: Arc<StatusBoard>,
    pub feed: Arc<ChangesFeed>,
    pub client: AsyncClient,
    /// How long each check took, from its first request to its answer.
    pub latencies: Arc<Mutex<Vec<Duration>>>,
    /// Requests in flight now, and at most so far.
    pub in_flight: Arc<Gauge>,
    /// Each round, as a span on the lane `rounds`, for the demo's drawing.
    pub timeline: Timeline,
}

/// A count of requests in flight, with its peak.
#[derive(Debug, Default)]
pub struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Gauge {
    /// The most requests that were in flight at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }
}

/// One request in flight, counted until dropped (answered or cancelled).
struct Counted(Arc<Gauge>);

impl Counted {
    fn new(gauge: &Arc<Gauge>) -> Self {
        let now = gauge.now.fetch_add(1, Ordering::Relaxed) + 1;
        gauge.peak.fetch_max(now, Ordering::Relaxed);
        Counted(gauge.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Monitor {
    /// A monitor of `sites`, whose feed keeps at least `feed_capacity` unread changes.
    /// Each site is listed once: a check is known by its URL.
    pub fn new(
        sites: Vec<String>,
        limits: Limits,
        every: Duration,
        grace: Duration,
        feed_capacity: usize,
    ) -> Monitor {
        let distinct: std::collections::HashSet<&String> = sites.iter().collect();
        assert_eq!(distinct.len(), sites.len(), "a site is listed twice");
        Monitor {
            sites: Arc::new(sites),
            limits,
            every,
            grace,
            board: Arc::new(StatusBoard::new()),
            feed: Arc::new(ChangesFeed::new(feed_capacity)),
            client: kit::client::async_client(),
            latencies: Arc::default(),
            in_flight: Arc::default(),
            timeline: Timeline::new(),
        }
    }

    /// Runs rounds until `stop` is cancelled and the checks in flight have finished
    /// (or the grace is over), records every result that came in, then closes the
    /// feed: subscribers read what was published, then their end.
    pub async fn run(&self, stop: CancellationToken) -> Stopped {
        // Unbounded: `check_round` reports through a plain callback, which cannot wait
        // for room. The recorder keeps up as long as fingerprinting a page is quicker
        // than checking one; were it not, this queue is what would grow, and the fix
        // would be a bounded channel fed by a task that can wait.
        let (results, mut incoming) = mpsc::unbounded_channel::<(String, Checked)>();
        let recorder = {
            let (board, feed, hasher) = (self.board.clone(), self.feed.clone(), sha256_hasher());
            tokio::spawn(async move {
                while let Some((site, checked)) = incoming.recv().await {
                    record(&board, &feed, &hasher, site, checked).await;
                }
            })
        };
        let rounds = {
            let (monitor, stop) = (self.clone(), stop.clone());
            move || monitor.clone().round(results.clone(), stop.clone())
        };
        let stopped = run_until_stopped(self.every, rounds, stop, self.grace).await;
        // The rounds are over and their senders gone: the recorder drains what is
        // queued and ends. Only then does the feed close, so nothing is lost.
        recorder.await.expect("the recorder panicked");
        self.feed.close();
        stopped
    }

    /// One round: every site checked once, each result sent on as it comes.
    async fn round(
        self,
        results: mpsc::UnboundedSender<(String, Checked)>,
        stop: CancellationToken,
    ) {
        let round = self.timeline.begin(Lane::named("rounds"), "round");
        let client = self.client.clone();
        let gauge = self.in_flight.clone();
        // When each site's first request was sent: a check's latency starts there.
        let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
        let (starting, first_sent) = (stop.clone(), sent.clone());
        let fetch = move |url: String| {
            let (client, stop, sent) = (client.clone(), starting.clone(), first_sent.clone());
            let gauge = gauge.clone();
            async move {
                // Once stopping, no new request starts. A check not sent yet is
                // skipped. A hedge for one already out never answers: an error here
                // would win the check's race and cancel the first request, which may
                // still answer within the grace.
                if stop.is_cancelled() {
                    if lock(&sent).contains_key(&url) {
                        return std::future::pending().await;
                    }
                    return Err(NOT_STARTED.into());
                }
                lock(&sent).entry(url.clone()).or_insert_with(Instant::now);
                let _counted = Counted::new(&gauge);
                fetch_page(&client, &url).await
            }
        };
        let latencies = self.latencies.clone();
        check_round(&self.sites, self.limits, fetch, move |site, checked| {
            if matches!(&checked, Err(Failure::Failed(why)) if why == NOT_STARTED) {
                return;
            }
            if let Some(first) = lock(&sent).remove(&site) {
                lock(&latencies).push(first.elapsed());
            }
            // The recorder outlives every round; if it is gone, so is the monitor.
            let _ = results.send((site, checked));
        })
        .await;
        round.end(if stop.is_cancelled() {
            "stopping"
        } else {
            "round"
        });
    }
}
// ANCHOR_END: monitor

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

// ANCHOR: record
/// Fingerprints one check's page off the runtime, records its status, and publishes
/// the change if there is one.
pub async fn record(
    board: &StatusBoard,
    feed: &ChangesFeed,
    hasher: &Hasher,
    site: String,
    checked: Checked,
) {
    let page = match &checked {
        Ok(answer) => fingerprint(answer.body.clone(), hasher.clone()).await,
        Err(_) => 0,
    };
    if let Some(change) = board.record(&site, Status::of(&checked, page)) {
        feed.publish(change);
    }
}
// ANCHOR_END: record

// The monitor runs the milestones, so it is tested with the reference solutions.
#[cfg(all(test, feature = "solution"))]
mod tests {
    use super::*;
    use kit::server::SlowServer;
    use kit::sites::Site;

    /// A check in flight at the stop keeps its grace, even when its hedge comes due
    /// after the stop: the first request's answer reaches the board.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_check_in_flight_at_the_stop_is_recorded() {
        let server = SlowServer::start();
        let url = server.url(&Site::delayed(1000, 200));
        let limits = Limits {
            overall: 4,
            per_host: 4,
            timeout: Duration::from_secs(10),
            patience: Duration::from_millis(500),
        };
        let monitor = Monitor::new(
            vec![url.clone()],
            limits,
            Duration::from_secs(60),
            Duration::from_secs(10),
            8,
        );
        let stop = CancellationToken::new();
        let running = tokio::spawn({
            let (monitor, stop) = (monitor.clone(), stop.clone());
            async move { monitor.run(stop).await }
        });
        // Stop once the server has the first request, well before the hedge is due. A
        // monitor that never sends it fails here, rather than hanging the test.
        let sent = async {
            while server.stats().in_flight == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(30), sent)
            .await
            .expect("the monitor sent no request within 30 s");
        stop.cancel();
        let stopped = running.await.expect("the monitor does not panic");
        assert_eq!(stopped.rounds_finished, 1, "{stopped:?}");
        assert!(
            matches!(
                monitor.board.get(&url),
                Some(Status::Answered { code: 200, .. })
            ),
            "the check in flight at the stop was lost: {:?}",
            monitor.board.get(&url)
        );
    }
}
