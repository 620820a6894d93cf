//! How a server slows down as it gets busy.
//!
//! A plain [slow server](crate::server) answers `/delay/350/...` after 350 ms whether
//! it has one request in flight or five thousand: an ideal server, with unlimited
//! room. Real servers are not like that. Requests compete for CPUs, locks, caches,
//! memory and database connections, so each one takes longer the more are running.
//!
//! [`Load`] describes that with Neil Gunther's *Universal Scalability Law*: with `n`
//! requests in flight, each takes
//!
//! ```text
//! stretch(n) = 1 + contention * (n - 1) + coherency * n * (n - 1)
//! ```
//!
//! times as long as it would alone. *Contention* is the part of the work that waits in
//! line (a lock, a single disk): it grows with `n`. *Coherency* is the cost of keeping
//! everyone in agreement (caches, shared state), and it grows with every pair of
//! requests, so with `n * (n - 1)`. Throughput, `n / stretch(n)`, rises, peaks at
//! [`Load::best_concurrency`], and then falls: past that point, more in flight means
//! fewer answers per second. That fall is what the talks mean by "2000 requests at
//! once is slower".
//!
//! ```
//! use kit::load::Load;
//!
//! let load = Load::new(0.01, 0.0001);
//! assert_eq!(load.stretch(1), 1.0);
//! assert!((load.best_concurrency() - 99.5).abs() < 0.1);
//! ```

use std::time::Duration;

/// A server's slowdown under load: the two coefficients of the Universal
/// Scalability Law.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// How much each extra request in flight slows every request: the serial part.
    pub contention: f64,
    /// How much each *pair* of requests in flight slows every request: crosstalk.
    pub coherency: f64,
}

impl Load {
    /// A server whose throughput peaks at about 100 requests in flight (the size of
    /// the talks' pools), and falls past it.
    pub const PEAKS_NEAR_100: Load = Load::new(0.01, 0.0001);

    /// A load model with these coefficients; both must be at least 0.
    pub const fn new(contention: f64, coherency: f64) -> Load {
        assert!(contention >= 0.0 && coherency >= 0.0);
        Load {
            contention,
            coherency,
        }
    }

    /// How many times longer a request takes with `in_flight` requests running
    /// (itself included) than alone. 1 for one request (or none).
    pub fn stretch(&self, in_flight: usize) -> f64 {
        let n = in_flight.max(1) as f64;
        1.0 + self.contention * (n - 1.0) + self.coherency * n * (n - 1.0)
    }

    /// How long a request that would take `alone` takes with `in_flight` running.
    pub fn delay(&self, alone: Duration, in_flight: usize) -> Duration {
        alone.mul_f64(self.stretch(in_flight))
    }

    /// Requests per second with `in_flight` always running, each taking `alone` by
    /// itself: `in_flight / delay`. What a client that keeps `in_flight` requests
    /// going can expect at best.
    pub fn throughput(&self, alone: Duration, in_flight: usize) -> f64 {
        in_flight.max(1) as f64 / self.delay(alone, in_flight).as_secs_f64()
    }

    /// The number in flight where throughput peaks: `sqrt((1 - contention) /
    /// coherency)`. Infinite when there is no crosstalk: then more is never worse.
    pub fn best_concurrency(&self) -> f64 {
        ((1.0 - self.contention).max(0.0) / self.coherency).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alone_is_not_stretched() {
        let load = Load::PEAKS_NEAR_100;
        assert_eq!(load.stretch(0), 1.0);
        assert_eq!(load.stretch(1), 1.0);
        let alone = Duration::from_millis(10);
        assert_eq!(load.delay(alone, 1), alone);
    }

    #[test]
    fn throughput_rises_peaks_and_falls() {
        let load = Load::PEAKS_NEAR_100;
        let alone = Duration::from_millis(5);
        let best = load.best_concurrency().round() as usize;
        assert_eq!(best, 99);
        let at = |n| load.throughput(alone, n);
        assert!(at(10) < at(best));
        assert!(at(best) > at(1000));
        assert!(at(1000) > at(2000));
        // Without crosstalk, more in flight is never worse.
        let no_crosstalk = Load::new(0.01, 0.0);
        assert!(no_crosstalk.best_concurrency().is_infinite());
        assert!(no_crosstalk.throughput(alone, 1000) > no_crosstalk.throughput(alone, 100));
    }
}
