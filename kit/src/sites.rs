//! What the slow server answers, and lists of sites to fetch.
//!
//! A [`Site`] is one URL path on the [server](crate::server): how long the server waits
//! before it answers, and the status code it answers with. The path says both, so a
//! site list is just a list of paths, and any HTTP client can fetch it:
//!
//! | path | the server answers |
//! |---|---|
//! | `/status/404` | 404 at once |
//! | `/delay/350/status/200` | 200 after 350 ms |
//! | `/rendezvous/8/status/200` | 200 once 8 such requests are waiting together |
//!
//! The lists are drawn from a seeded generator, so every run and every machine gets
//! the same sites.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// How long the server holds a response before sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Answer at once.
    None,
    /// Answer after this long: a slow website.
    Delay(Duration),
    /// Answer once this many `/rendezvous/N/...` requests are waiting at the same
    /// time, all together. It proves that a client's requests overlapped, without
    /// measuring time: a client that sends one request after another can never
    /// gather N. The server gives up after a while (its *patience*) and answers
    /// 504 instead, so such a client fails instead of hanging.
    Rendezvous(usize),
}

/// One site: what the server waits for, and the status it answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site {
    pub wait: Wait,
    pub status: u16,
}

impl Site {
    /// A site that answers `status` after `millis` milliseconds.
    pub const fn delayed(millis: u64, status: u16) -> Self {
        Site {
            wait: Wait::Delay(Duration::from_millis(millis)),
            status,
        }
    }

    /// A site that answers `status` once `together` requests are waiting at once.
    pub const fn rendezvous(together: usize, status: u16) -> Self {
        Site {
            wait: Wait::Rendezvous(together),
            status,
        }
    }

    /// The URL path that asks the server for this site.
    pub fn path(&self) -> String {
        self.to_string()
    }

    /// Reads a path back into a site; `None` if the server has no such route.
    pub fn parse(path: &str) -> Option<Site> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let (wait, status) = match segments.as_slice() {
            ["status", status] => (Wait::None, status),
            ["delay", millis, "status", status] => (
                Wait::Delay(Duration::from_millis(millis.parse().ok()?)),
                status,
            ),
            ["rendezvous", together, "status", status] => {
                (Wait::Rendezvous(together.parse().ok()?), status)
            }
            _ => return None,
        };
        Some(Site {
            wait,
            status: status.parse().ok()?,
        })
    }

    /// The delay, for a delayed site.
    pub fn delay(&self) -> Option<Duration> {
        match self.wait {
            Wait::Delay(delay) => Some(delay),
            _ => None,
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.wait {
            Wait::None => write!(f, "/status/{}", self.status),
            Wait::Delay(delay) => write!(f, "/delay/{}/status/{}", delay.as_millis(), self.status),
            Wait::Rendezvous(together) => {
                write!(f, "/rendezvous/{together}/status/{}", self.status)
            }
        }
    }
}

/// The seed of [`talk_sites`]. Change it and you get another, equally plausible list.
pub const TALK_SEED: u64 = 2016;

/// A list shaped like the one the Healthcheck Counter talk measured: 31 sites that
/// answer after 300 ms to 1.5 s, most with 200 and three with an error status.
pub fn talk_sites() -> Vec<Site> {
    let mut random = SplitMix64(TALK_SEED);
    let mut statuses = vec![200; 28];
    statuses.extend([404, 500, 503]);
    random.shuffle(&mut statuses);
    statuses
        .into_iter()
        .map(|status| Site::delayed(random.between(300, 1500), status))
        .collect()
}

/// A long list: `count` sites that answer after 50 ms to 500 ms, about one in twenty
/// with an error status.
pub fn many_sites(count: usize, seed: u64) -> Vec<Site> {
    let mut random = SplitMix64(seed);
    (0..count)
        .map(|_| {
            let status = match random.between(0, 99) {
                0..=1 => 404,
                2..=3 => 500,
                4 => 503,
                _ => 200,
            };
            Site::delayed(random.between(50, 500), status)
        })
        .collect()
}

/// `count` sites that all answer `status` once all `count` are waiting together.
pub fn rendezvous_sites(count: usize, status: u16) -> Vec<Site> {
    vec![Site::rendezvous(count, status); count]
}

/// A small, well-known seeded generator (Steele, Lea and Flood's SplitMix64): enough
/// for plausible lists that are the same everywhere, with no dependency.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`. The modulo bias is far too small to matter here.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.between(0, i as u64) as usize;
            items.swap(i, j);
        }
    }
}

/// How many of `sites` answer with each status: what a correct Healthcheck Counter
/// must count for that list.
pub fn expected_counts(sites: &[Site]) -> BTreeMap<u16, usize> {
    let mut counts = BTreeMap::new();
    for site in sites {
        *counts.entry(site.status).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for site in [
            Site::delayed(350, 200),
            Site::rendezvous(8, 503),
            Site {
                wait: Wait::None,
                status: 404,
            },
        ] {
            assert_eq!(Site::parse(&site.path()), Some(site));
        }
        assert_eq!(Site::parse("/delay/x/status/200"), None);
        assert_eq!(Site::parse("/favicon.ico"), None);
    }

    #[test]
    fn the_talk_list_has_the_talk_shape() {
        let sites = talk_sites();
        assert_eq!(sites.len(), 31);
        assert_eq!(sites.iter().filter(|site| site.status == 200).count(), 28);
        for site in &sites {
            let delay = site.delay().unwrap();
            assert!((300..=1500).contains(&delay.as_millis()), "{site}");
        }
        assert_eq!(sites, talk_sites(), "the same seed gives the same list");
    }

    #[test]
    fn many_sites_are_many_and_mostly_fine() {
        let sites = many_sites(2000, 7);
        assert_eq!(sites.len(), 2000);
        let fine = sites.iter().filter(|site| site.status == 200).count();
        assert!(fine > 1800, "{fine} of 2000 answer 200");
    }
}
