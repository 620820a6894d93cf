//! A stand-in for an HTTP client, for tests with tokio's clock paused: it answers the
//! kit's site paths by waiting on tokio's clock instead of the network, and counts
//! what a server would count, for every host and overall.

use crate::Error;
use crate::host::host_of;
use kit::sites::Site;
use kit::timeline::{Lane, Span, Timeline};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

/// The URL of `site` on the pretend host `host`. Nothing listens there; only
/// [`StandIn::fetch`] understands it.
pub fn pretend_url(host: &str, site: &Site) -> String {
    format!("http://{host}{}", site.path())
}

/// Fetches that wait on tokio's clock. Clones share their gauges.
#[derive(Debug, Clone, Default)]
pub struct StandIn {
    gauges: Arc<Mutex<Gauges>>,
    /// Every fetch, as a span on a lane of its host: what a failing check draws.
    timeline: Timeline,
}

/// How many fetches are (and were, at most) in flight together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gauge {
    pub in_flight: usize,
    pub peak: usize,
}

impl Gauge {
    fn up(&mut self) {
        self.in_flight += 1;
        self.peak = self.peak.max(self.in_flight);
    }
}

#[derive(Debug, Default)]
struct Gauges {
    /// Fetches numbered for the drawing so far.
    numbered: usize,
    started: usize,
    overall: Gauge,
    hosts: HashMap<String, Gauge>,
}

impl StandIn {
    pub fn new() -> Self {
        StandIn::default()
    }

    /// "Fetches" `url`: once polled, counts itself in flight, waits for the site's
    /// delay on tokio's clock, and answers its status. A URL that names no site is an
    /// error, at once.
    pub fn fetch(&self, url: String) -> impl Future<Output = Result<u16, Error>> + Send + 'static {
        let gauges = Arc::clone(&self.gauges);
        let timeline = self.timeline.clone();
        async move {
            let host = host_of(&url).to_owned();
            let site = url
                .strip_prefix("http://")
                .and_then(|rest| rest.find('/').map(|slash| &rest[slash..]))
                .and_then(Site::parse)
                .ok_or_else(|| format!("no such site: {url}"))?;
            let number = gauges_number(&gauges);
            let fetching = timeline.begin(Lane::numbered(&format!("host {host}"), number), url);
            let _in_flight = InFlight::new(&gauges, host);
            if let Some(delay) = site.delay() {
                tokio::time::sleep(delay).await;
            }
            fetching.end(site.status);
            Ok(site.status)
        }
    }

    /// Every fetch so far, on a lane of its host (`host a 1`, `host a 2`, ...), from
    /// its first poll to its answer, on the real clock (tokio's is paused): drawn in
    /// order of events, it shows what overlapped what.
    pub fn spans(&self) -> Vec<Span> {
        self.timeline.spans()
    }

    /// Fetches started so far.
    pub fn started(&self) -> usize {
        self.lock().started
    }

    /// In flight over all hosts.
    pub fn overall(&self) -> Gauge {
        self.lock().overall
    }

    /// In flight at one host.
    pub fn host(&self, host: &str) -> Gauge {
        self.lock().hosts.get(host).copied().unwrap_or_default()
    }

    fn lock(&self) -> MutexGuard<'_, Gauges> {
        lock(&self.gauges)
    }
}

/// A panicking test thread must not hide the gauges from the others.
fn lock(gauges: &Mutex<Gauges>) -> MutexGuard<'_, Gauges> {
    gauges
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The next fetch's number, for its lane on the drawing: under the lock, so that two
/// fetches starting at once never share one.
fn gauges_number(gauges: &Arc<Mutex<Gauges>>) -> usize {
    let mut counts = lock(gauges);
    counts.numbered += 1;
    counts.numbered
}

/// One fetch in flight, counted down when it ends or is cancelled.
struct InFlight {
    gauges: Arc<Mutex<Gauges>>,
    host: String,
}

impl InFlight {
    fn new(gauges: &Arc<Mutex<Gauges>>, host: String) -> Self {
        let mut counts = lock(gauges);
        counts.started += 1;
        counts.overall.up();
        counts.hosts.entry(host.clone()).or_default().up();
        InFlight {
            gauges: Arc::clone(gauges),
            host,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut counts = lock(&self.gauges);
        counts.overall.in_flight -= 1;
        if let Some(host) = counts.hosts.get_mut(&self.host) {
            host.in_flight -= 1;
        }
    }
}

/// When each of `delays` would finish if they ran in list order with at most `limit`
/// at a time, each starting the moment a slot is free: a sliding window. Tests use it
/// to know the exact answer a bounded fetcher must reach on tokio's paused clock.
pub fn sliding_window(delays: &[u64], limit: usize) -> Vec<u64> {
    assert!(limit > 0);
    // The moment each slot is free again.
    let mut free = vec![0u64; limit.min(delays.len()).max(1)];
    delays
        .iter()
        .map(|&delay| {
            let slot = (0..free.len()).min_by_key(|&i| free[i]).expect("a slot");
            free[slot] += delay;
            free[slot]
        })
        .collect()
}

/// How long `delays` take in batches of `size`, each batch waiting for its slowest.
pub fn in_batches(delays: &[u64], size: usize) -> u64 {
    delays
        .chunks(size)
        .map(|batch| batch.iter().max().copied().unwrap_or(0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_fills_the_first_free_slot() {
        assert_eq!(
            sliding_window(&[300, 100, 100, 100], 2),
            vec![300, 100, 200, 300]
        );
        assert_eq!(sliding_window(&[100, 100], 5), vec![100, 100]);
        assert_eq!(in_batches(&[300, 100, 100, 100], 2), 400);
    }

    #[tokio::test(start_paused = true)]
    async fn gauges_count_per_host() {
        let stand_in = StandIn::new();
        let a = pretend_url("a", &Site::delayed(100, 200));
        let b = pretend_url("b", &Site::delayed(50, 404));
        let (x, y, z) = tokio::join!(
            stand_in.fetch(a.clone()),
            stand_in.fetch(a),
            stand_in.fetch(b)
        );
        assert_eq!((x.unwrap(), y.unwrap(), z.unwrap()), (200, 200, 404));
        assert_eq!(
            stand_in.overall(),
            Gauge {
                in_flight: 0,
                peak: 3
            }
        );
        assert_eq!(stand_in.host("a").peak, 2);
        assert_eq!(stand_in.host("b").peak, 1);
        assert_eq!(stand_in.started(), 3);
        assert!(stand_in.fetch("http://a/nowhere".into()).await.is_err());
    }
}
