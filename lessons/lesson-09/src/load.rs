//! The load client of the echo benchmark, after the uvloop benchmark's: a fixed
//! number of connections, each sending one message and waiting for its echo
//! before sending the next, for a fixed time. Plain blocking sockets on OS
//! threads, so the client adds no event loop of its own to what is measured.

use crate::frame::{HEADER_LEN, frame};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

/// What one run of the load client saw.
#[derive(Debug, Clone)]
pub struct LoadReport {
    pub requests: usize,
    pub elapsed: Duration,
    /// Every request's round trip, sorted.
    pub latencies: Vec<Duration>,
}

impl LoadReport {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency under which `percent` of the requests finished (nearest rank).
    pub fn percentile(&self, percent: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = (percent / 100.0 * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }
}

/// Runs `concurrency` clients against `addr` for `duration` (and at most
/// `max_requests` each), sending frames with `payload_len` bytes of payload.
pub fn run(
    addr: SocketAddr,
    concurrency: usize,
    payload_len: usize,
    duration: Duration,
    max_requests: usize,
) -> io::Result<LoadReport> {
    let start_line = Arc::new(Barrier::new(concurrency + 1));
    let clients: Vec<_> = (0..concurrency)
        .map(|_| {
            let start_line = Arc::clone(&start_line);
            thread::spawn(move || -> io::Result<Vec<Duration>> {
                let connected = connect(addr);
                start_line.wait();
                client(connected?, payload_len, duration, max_requests)
            })
        })
        .collect();
    start_line.wait();
    let start = Instant::now();
    let mut latencies = Vec::new();
    for client in clients {
        latencies.extend(client.join().expect("a load client thread panicked")?);
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    Ok(LoadReport {
        requests: latencies.len(),
        elapsed,
        latencies,
    })
}

fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    // A server that stops answering fails the run instead of hanging it.
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    Ok(stream)
}

fn client(
    mut stream: TcpStream,
    payload_len: usize,
    duration: Duration,
    max_requests: usize,
) -> io::Result<Vec<Duration>> {
    let payload: Vec<u8> = (0..payload_len).map(|i| (i % 251) as u8).collect();
    let request = frame(&payload);
    let mut reply = vec![0; HEADER_LEN + payload_len];
    let mut latencies = Vec::with_capacity(max_requests.min(1 << 20));
    let deadline = Instant::now() + duration;
    while latencies.len() < max_requests && Instant::now() < deadline {
        let sent = Instant::now();
        stream.write_all(&request)?;
        stream.read_exact(&mut reply)?;
        latencies.push(sent.elapsed());
        if latencies.len() == 1 && reply != request {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the echo differs from the request",
            ));
        }
    }
    Ok(latencies)
}
