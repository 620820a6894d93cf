//! A stand-in for the HTTP client, for tests on tokio's paused clock: it answers its
//! own URLs by waiting on tokio's clock instead of the network, and counts what a
//! server would count, for every host and overall.
//!
//! A stand-in URL says how long each attempt at it takes:
//! `http://a/attempts/1000,50/status/200` takes 1000 ms the first time it is fetched
//! and 50 ms every time after (the last delay repeats). So a test can make a first
//! request slow and its hedge quick.

use crate::host::host_of;
use crate::{Error, Page};
use bytes::Bytes;
use kit::timeline::{Lane, Span, Timeline};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

/// A stand-in URL on the pretend host `host`, whose attempts take `delays` (in ms,
/// the last one repeating) and answer `status`.
pub fn attempts_url(host: &str, delays: &[u64], status: u16) -> String {
    let delays: Vec<String> = delays.iter().map(u64::to_string).collect();
    format!(
        "http://{host}/attempts/{}/status/{status}",
        delays.join(",")
    )
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

#[derive(Debug, Default)]
struct Gauges {
    overall: Gauge,
    hosts: HashMap<String, Gauge>,
    /// How many times each URL was fetched (attempts started).
    attempts: HashMap<String, usize>,
    /// The page each URL answers with, where a test set one.
    pages: HashMap<String, Bytes>,
    numbered: usize,
}

impl StandIn {
    pub fn new() -> Self {
        StandIn::default()
    }

    /// "Fetches" `url`: once polled, counts itself in flight, waits for this
    /// attempt's delay on tokio's clock and answers. A URL it does not know is an
    /// error, at once.
    pub fn fetch(&self, url: String) -> impl Future<Output = Result<Page, Error>> + Send + use<> {
        let stand_in = self.clone();
        async move {
            let (delays, status) = parse(&url).ok_or_else(|| format!("no such site: {url}"))?;
            let host = host_of(&url).to_owned();
            let (attempt, number, body) = {
                let mut gauges = stand_in.lock();
                let attempt = gauges.attempts.entry(url.clone()).or_insert(0);
                *attempt += 1;
                let attempt = *attempt;
                gauges.numbered += 1;
                let body = gauges
                    .pages
                    .get(&url)
                    .cloned()
                    .unwrap_or_else(|| Bytes::from(format!("the page of {url}\n")));
                (attempt, gauges.numbered, body)
            };
            let delay = delays[(attempt - 1).min(delays.len() - 1)];
            let lane = Lane::numbered(&format!("host {host}"), number);
            let label = format!("{} (attempt {attempt})", url_path(&url));
            let fetching = stand_in.timeline.begin(lane, label);
            let _in_flight = InFlight::new(&stand_in, host);
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            fetching.end(status);
            Ok(Page { status, body })
        }
    }

    /// Makes `url` answer with `body` from now on.
    pub fn set_page(&self, url: &str, body: &str) {
        self.lock()
            .pages
            .insert(url.to_owned(), Bytes::from(body.to_owned()));
    }

    /// How many times `url` was fetched so far.
    pub fn attempts(&self, url: &str) -> usize {
        self.lock().attempts.get(url).copied().unwrap_or(0)
    }

    /// In flight over all hosts.
    pub fn overall(&self) -> Gauge {
        self.lock().overall
    }

    /// In flight at one host.
    pub fn host(&self, host: &str) -> Gauge {
        self.lock().hosts.get(host).copied().unwrap_or_default()
    }

    /// Every fetch so far, on a lane of its host, from its first poll to its answer,
    /// on the real clock (tokio's is paused): drawn in order of events, it shows what
    /// overlapped what.
    pub fn spans(&self) -> Vec<Span> {
        self.timeline.spans()
    }

    fn lock(&self) -> MutexGuard<'_, Gauges> {
        // A panicking test thread must not hide the gauges from the others.
        self.gauges.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The delays and status a stand-in URL names.
fn parse(url: &str) -> Option<(Vec<u64>, u16)> {
    // A query (`?3`) tells otherwise equal sites apart; it changes nothing.
    let path = url_path(url).split('?').next().unwrap_or_default();
    let rest = path.strip_prefix("/attempts/")?;
    let (delays, status) = rest.split_once("/status/")?;
    let delays: Vec<u64> = delays
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    (!delays.is_empty()).then_some(())?;
    Some((delays, status.parse().ok()?))
}

fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.find('/').map_or("", |slash| &rest[slash..])
}

/// One fetch in flight, counted down when it ends or is cancelled.
struct InFlight {
    stand_in: StandIn,
    host: String,
}

impl InFlight {
    fn new(stand_in: &StandIn, host: String) -> Self {
        let mut gauges = stand_in.lock();
        let up = |gauge: &mut Gauge| {
            gauge.in_flight += 1;
            gauge.peak = gauge.peak.max(gauge.in_flight);
        };
        up(&mut gauges.overall);
        up(gauges.hosts.entry(host.clone()).or_default());
        InFlight {
            stand_in: stand_in.clone(),
            host,
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut gauges = self.stand_in.lock();
        gauges.overall.in_flight -= 1;
        if let Some(host) = gauges.hosts.get_mut(&self.host) {
            host.in_flight -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn attempts_take_their_own_delays() {
        let stand_in = StandIn::new();
        let url = attempts_url("a", &[300, 50], 503);
        let start = tokio::time::Instant::now();
        let (first, second) = tokio::join!(stand_in.fetch(url.clone()), async {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            stand_in.fetch(url.clone()).await
        });
        assert_eq!(first.unwrap().status, 503);
        assert_eq!(second.unwrap().status, 503);
        assert_eq!(start.elapsed().as_millis(), 300);
        assert_eq!(stand_in.attempts(&url), 2);
        assert_eq!(stand_in.overall().peak, 2);
        assert_eq!(stand_in.host("a").in_flight, 0);
        assert!(stand_in.fetch("http://a/nowhere".into()).await.is_err());
    }
}
