//! Two ways to fetch a site: the kit's real HTTP client, and a stand-in for tests that
//! waits on tokio's clock instead of the network, so they can run with time paused.

use crate::Error;
use kit::sites::Site;
use kit::timeline::{ABANDONED, Span, Timeline};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub use kit::client::{AsyncClient, async_client, status_async};

/// The URL of a site on the pretend server. Nothing listens there; only
/// [`Pretend::fetch`] understands it.
pub fn pretend_url(site: &Site) -> String {
    format!("http://pretend.invalid{}", site.path())
}

/// The URL of a pretend site whose fetch fails after `millis` milliseconds, as a
/// connection that is reset halfway does.
pub fn broken_url(millis: u64) -> String {
    format!("http://pretend.invalid/broken/{millis}")
}

/// The URL of a pretend site whose fetch panics after `millis` milliseconds, as a
/// client with a bug might.
pub fn panicking_url(millis: u64) -> String {
    format!("http://pretend.invalid/panics/{millis}")
}

/// What a pretend URL asks for: wait this long, then end like this.
enum Route {
    Status(u16),
    Broken,
    Panics,
}

fn route(url: &str) -> Option<(Option<Duration>, Route)> {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|slash| &rest[slash..]))?;
    let after = |millis: &str| millis.parse().ok().map(Duration::from_millis);
    if let Some(millis) = path.strip_prefix("/broken/") {
        return Some((Some(after(millis)?), Route::Broken));
    }
    if let Some(millis) = path.strip_prefix("/panics/") {
        return Some((Some(after(millis)?), Route::Panics));
    }
    let site = Site::parse(path)?;
    Some((site.delay(), Route::Status(site.status)))
}

/// A stand-in for an HTTP client that answers the kit's site paths by waiting on
/// tokio's clock: with time paused, a test of a thousand "slow websites" takes no
/// real time. It counts its fetches like the kit's server counts its requests, and
/// also how many were cancelled: dropped before they answered.
#[derive(Debug, Clone)]
pub struct Pretend {
    gauges: Arc<Gauges>,
    /// Every fetch as a span on tokio's clock, for a failing check to draw.
    timeline: Timeline,
    /// Time zero of those spans, on tokio's clock (paused in the tests).
    origin: tokio::time::Instant,
}

/// What a [`Pretend`] client has counted so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PretendStats {
    /// Fetches started.
    pub started: usize,
    /// Fetches that answered.
    pub answered: usize,
    /// Fetches dropped before they answered.
    pub cancelled: usize,
    /// Fetches started and neither answered nor cancelled yet.
    pub in_flight: usize,
    /// The most fetches in flight at the same moment.
    pub peak_in_flight: usize,
}

#[derive(Debug, Default)]
struct Gauges {
    /// Numbers the fetches for the drawing, in the order they start.
    numbered: AtomicUsize,
    started: AtomicUsize,
    answered: AtomicUsize,
    cancelled: AtomicUsize,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

impl Default for Pretend {
    fn default() -> Self {
        Pretend {
            gauges: Arc::default(),
            timeline: Timeline::new(),
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Pretend {
    pub fn new() -> Self {
        Pretend::default()
    }

    /// "Fetches" `url`: waits for the site's delay on tokio's clock, then answers its
    /// status. A URL that names no site is an error, at once; a [`broken_url`] fails
    /// and a [`panicking_url`] panics, after their delay.
    pub fn fetch(&self, url: String) -> impl Future<Output = Result<u16, Error>> + Send + 'static {
        let gauges = Arc::clone(&self.gauges);
        let (timeline, origin) = (self.timeline.clone(), self.origin);
        async move {
            let (delay, route) = route(&url).ok_or_else(|| format!("no such site: {url}"))?;
            let fetching = InFlight::new(&gauges);
            let number = gauges.numbered.fetch_add(1, Ordering::SeqCst) + 1;
            let mut span = Drawn {
                timeline,
                origin,
                lane: format!("fetch {number}"),
                label: url_path(&url).to_owned(),
                start: tokio::time::Instant::now(),
                kind: ABANDONED,
            };
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            fetching.answered();
            span.kind = match route {
                Route::Status(_) => "answered",
                Route::Broken => "failed",
                Route::Panics => "panicked",
            };
            match route {
                Route::Status(status) => Ok(status),
                Route::Broken => Err(format!("{url}: connection reset").into()),
                Route::Panics => panic!(
                    "the stand-in client panics on purpose when it fetches {url}, to \
                     check what your code does with a task that panicked"
                ),
            }
        }
    }

    /// Every fetch so far, as a span on its own lane (`fetch 1`, `fetch 2`, ... in the
    /// order they started), from its start to its answer on tokio's clock; a cancelled
    /// fetch is drawn as never answered.
    pub fn spans(&self) -> Vec<Span> {
        self.timeline.spans()
    }

    pub fn stats(&self) -> PretendStats {
        let gauges = &self.gauges;
        PretendStats {
            started: gauges.started.load(Ordering::SeqCst),
            answered: gauges.answered.load(Ordering::SeqCst),
            cancelled: gauges.cancelled.load(Ordering::SeqCst),
            in_flight: gauges.in_flight.load(Ordering::SeqCst),
            peak_in_flight: gauges.peak.load(Ordering::SeqCst),
        }
    }
}

/// A fetch's span, recorded when the fetch ends, answered or dropped (cancelled):
/// on tokio's clock, which the kit's timeline (the real clock) cannot follow.
struct Drawn {
    timeline: Timeline,
    origin: tokio::time::Instant,
    lane: String,
    label: String,
    start: tokio::time::Instant,
    kind: &'static str,
}

impl Drop for Drawn {
    fn drop(&mut self) {
        self.timeline.record_span(Span {
            lane: std::mem::take(&mut self.lane),
            label: std::mem::take(&mut self.label),
            kind: self.kind.to_owned(),
            start: self.start - self.origin,
            end: tokio::time::Instant::now() - self.origin,
        });
    }
}

/// The path of a URL, the part that names the site.
fn url_path(url: &str) -> &str {
    url.strip_prefix("http://")
        .and_then(|rest| rest.find('/').map(|slash| &rest[slash..]))
        .unwrap_or(url)
}

// ANCHOR: in_flight
/// One fetch in flight. Dropped without [`InFlight::answered`], it was cancelled.
struct InFlight<'a> {
    gauges: &'a Gauges,
    answered: bool,
}

impl<'a> InFlight<'a> {
    fn new(gauges: &'a Gauges) -> Self {
        gauges.started.fetch_add(1, Ordering::SeqCst);
        let now = gauges.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        gauges.peak.fetch_max(now, Ordering::SeqCst);
        InFlight {
            gauges,
            answered: false,
        }
    }

    fn answered(mut self) {
        self.answered = true;
        self.gauges.answered.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.gauges.in_flight.fetch_sub(1, Ordering::SeqCst);
        if !self.answered {
            self.gauges.cancelled.fetch_add(1, Ordering::SeqCst);
        }
    }
}
// ANCHOR_END: in_flight
