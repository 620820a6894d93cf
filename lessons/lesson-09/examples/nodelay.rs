//! Small writes and Nagle's algorithm: a request written as two small writes (a
//! header, then a payload) waits for the server's acknowledgement of the first
//! before the second leaves, and the server delays that acknowledgement. Measured
//! with Nagle on, with TCP_NODELAY, with one vectored write, and with TCP_CORK.
//!
//! Run it: cargo run --release -p lesson-09 --example nodelay

use lesson_09::frame::{HEADER_LEN, header, write_frame_vectored};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const PAYLOAD: usize = 32;
/// Bounds on each row: whichever comes first.
const MAX_REQUESTS: usize = 200;
const MAX_TIME: Duration = Duration::from_secs(5);

#[derive(Clone, Copy)]
enum Mode {
    TwoWrites,
    TwoWritesNoDelay,
    Vectored,
    #[cfg(target_os = "linux")]
    Corked,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::TwoWrites => "two writes, Nagle on (the default)",
            Mode::TwoWritesNoDelay => "two writes, TCP_NODELAY",
            Mode::Vectored => "one vectored write, Nagle on",
            #[cfg(target_os = "linux")]
            Mode::Corked => "two writes inside TCP_CORK, Nagle on",
        }
    }
}

fn main() -> io::Result<()> {
    let addr = spawn_server()?;
    let modes = [
        Mode::TwoWrites,
        Mode::TwoWritesNoDelay,
        Mode::Vectored,
        #[cfg(target_os = "linux")]
        Mode::Corked,
    ];
    println!(
        "Request-response over 127.0.0.1: a {HEADER_LEN}-byte header and a {PAYLOAD}-byte payload, echoed\n"
    );
    println!(
        "| how the client writes                  | requests |     mean |      p50 |      p99 |      max |"
    );
    println!(
        "|----------------------------------------|----------|----------|----------|----------|----------|"
    );
    for mode in modes {
        let mut latencies = run(addr, mode)?;
        latencies.sort_unstable();
        let n = latencies.len();
        let mean = latencies.iter().sum::<Duration>() / n as u32;
        let at = |percent: usize| latencies[(n * percent).div_ceil(100).clamp(1, n) - 1];
        println!(
            "| {:<38} | {n:>8} | {} | {} | {} | {} |",
            mode.name(),
            ms(mean),
            ms(at(50)),
            ms(at(99)),
            ms(latencies[n - 1])
        );
    }
    Ok(())
}

fn run(addr: SocketAddr, mode: Mode) -> io::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_nodelay(matches!(mode, Mode::TwoWritesNoDelay))?;
    let payload = [7u8; PAYLOAD];
    let head = header(PAYLOAD);
    let mut reply = [0u8; HEADER_LEN + PAYLOAD];
    let mut latencies = Vec::new();
    let start = Instant::now();
    while latencies.len() < MAX_REQUESTS && start.elapsed() < MAX_TIME {
        let sent = Instant::now();
        match mode {
            Mode::TwoWrites | Mode::TwoWritesNoDelay => {
                stream.write_all(&head)?;
                stream.write_all(&payload)?;
            }
            Mode::Vectored => write_frame_vectored(&mut stream, &head, &payload)?,
            #[cfg(target_os = "linux")]
            Mode::Corked => lesson_09::options::corked(&stream, || {
                (&stream).write_all(&head)?;
                (&stream).write_all(&payload)
            })?,
        }
        stream.read_exact(&mut reply)?;
        latencies.push(sent.elapsed());
    }
    Ok(latencies)
}

/// A thread-per-connection echo server that answers each whole frame with one write.
fn spawn_server() -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || answer(stream));
        }
    });
    Ok(addr)
}

fn answer(mut stream: TcpStream) -> io::Result<()> {
    let mut request = [0u8; HEADER_LEN + PAYLOAD];
    loop {
        stream.read_exact(&mut request[..HEADER_LEN])?;
        stream.read_exact(&mut request[HEADER_LEN..])?;
        stream.write_all(&request)?;
    }
}

fn ms(latency: Duration) -> String {
    format!("{:>5.2} ms", latency.as_secs_f64() * 1000.0)
}
