//! The finished service under load: 5000 sites on four local slow servers (four
//! hosts), checked round after round for a minute, with two subscribers on
//! `/changes`, one of them slow. Prints a table and draws the run.
//!
//! ```console
//! cargo run --release -p lesson-10 --features solution --example monitor_demo -- --seconds 60 --svg monitor.svg
//! ```
//!
//! The servers slow down a little as they get busy (`kit::load`), and their pages say
//! how many requests were in flight, so pages change from round to round, as real
//! pages do: every round has changes to fingerprint, record and publish.

use http_body_util::BodyExt;
use kit::load::Load;
use kit::server::SlowServer;
use kit::sites::many_sites;
use kit::timeline::Chart;
use lesson_10::Limits;
use lesson_10::heartbeat::{self, percentile};
use lesson_10::http::{State, serve};
use lesson_10::monitor::Monitor;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

const SITES: usize = 5000;
const HOSTS: usize = 4;

fn main() {
    let mut seconds = 60;
    let mut svg = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--seconds N")
            }
            "--svg" => svg = args.next(),
            other => panic!("unknown argument {other}: use --seconds N and --svg FILE"),
        }
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(demo(seconds, svg));
}

/// Reads `/changes` line by line, `pause` between lines; counts lines and missed ones.
async fn subscriber(url: String, pause: Duration, lines: Arc<AtomicU64>, missed: Arc<AtomicU64>) {
    let client = kit::client::async_client();
    let response = client
        .get(url.parse().expect("a URL"))
        .await
        .expect("/changes answers");
    let mut body = response.into_body();
    let mut pending = Vec::new();
    while let Some(Ok(frame)) = body.frame().await {
        let Ok(data) = frame.into_data() else {
            continue;
        };
        pending.extend_from_slice(&data);
        while let Some(newline) = pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = pending.drain(..=newline).collect();
            lines.fetch_add(1, Ordering::Relaxed);
            if let Ok(serde_json::Value::Object(event)) = serde_json::from_slice(&line)
                && let Some(count) = event.get("missed").and_then(|n| n.as_u64())
            {
                missed.fetch_add(count, Ordering::Relaxed);
            }
            if !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
        }
    }
}

async fn demo(seconds: u64, svg: Option<String>) {
    // Four hosts, each slowing by 0.2% per request in flight.
    let servers: Vec<SlowServer> = (0..HOSTS)
        .map(|_| SlowServer::under_load(Load::new(0.002, 0.0)))
        .collect();
    let list = many_sites(SITES, 2024);
    let slowest = list
        .iter()
        .filter_map(|site| site.delay())
        .max()
        .unwrap_or_default();
    // Each site on one host, with a query that keeps equal paths apart.
    let sites: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(i, site)| format!("{}?{i}", servers[i % HOSTS].url(site)))
        .collect();
    let limits = Limits {
        overall: 400,
        per_host: 150,
        timeout: Duration::from_secs(3),
        patience: Duration::from_millis(1000),
    };
    let monitor = Monitor::new(
        sites,
        limits,
        Duration::from_secs(1),
        Duration::from_secs(2),
        1024,
    );

    let stop = CancellationToken::new();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let state = State {
        board: monitor.board.clone(),
        feed: monitor.feed.clone(),
    };
    let serving = tokio::spawn(serve(listener, state, stop.clone()));
    let lags = heartbeat::start(Duration::from_millis(10), stop.clone());
    let counters: Vec<(Arc<AtomicU64>, Arc<AtomicU64>)> =
        (0..2).map(|_| Default::default()).collect();
    let subscribers: Vec<_> = counters
        .iter()
        .zip([Duration::ZERO, Duration::from_millis(20)])
        .map(|((lines, missed), pause)| {
            tokio::spawn(subscriber(
                format!("{base}/changes"),
                pause,
                lines.clone(),
                missed.clone(),
            ))
        })
        .collect();
    // A third subscriber, in the process: no socket buffers between it and the feed,
    // so its lag shows at once.
    let (read_here, missed_here) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let in_process = {
        let mut subscription = monitor.feed.subscribe();
        let (read, missed) = (read_here.clone(), missed_here.clone());
        tokio::spawn(async move {
            while let Some(event) = subscription.next().await {
                read.fetch_add(1, Ordering::Relaxed);
                if let lesson_10::FeedEvent::Missed(count) = event {
                    missed.fetch_add(count, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    // Let the subscribers connect before the first round.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let started = Instant::now();
    let stopper = {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(seconds)).await;
            stop.cancel();
        })
    };
    let stopped = monitor.run(stop.clone()).await;
    let ran = started.elapsed();
    stopper.abort();
    // The fast subscriber has read the closing line; the slow one is still reading
    // what its socket holds. A second, then it hangs up, and the endpoint ends.
    let mut subscribers = subscribers.into_iter();
    let fast = subscribers.next().expect("two subscribers");
    fast.await.expect("a subscriber panicked");
    let slow = subscribers.next().expect("two subscribers");
    tokio::time::sleep(Duration::from_secs(1)).await;
    slow.abort();
    in_process.abort();
    serving.await.expect("the endpoint panicked");

    let latencies = {
        let mut latencies = monitor.latencies.lock().expect("not poisoned").clone();
        latencies.sort();
        latencies
    };
    let lags = lags.sorted();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let peak_rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());

    println!(
        "monitor_demo: {SITES} sites on {HOSTS} hosts, {} s",
        seconds
    );
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| rounds | {} started, {} finished, {} cancelled at the stop |",
        stopped.rounds_started, stopped.rounds_finished, stopped.rounds_cancelled
    );
    println!(
        "| checks | {} in {:.2} s: {:.0} per second |",
        latencies.len(),
        ran.as_secs_f64(),
        latencies.len() as f64 / ran.as_secs_f64()
    );
    println!(
        "| check latency | p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (slowest site alone: {} ms) |",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
        slowest.as_millis()
    );
    println!(
        "| peak requests in flight | {} (limit {}) |",
        monitor.in_flight.peak(),
        limits.overall
    );
    println!(
        "| heartbeat lag (10 ms beat) | p99 {:.2} ms, max {:.2} ms, over {} beats |",
        ms(percentile(&lags, 99.0)),
        ms(lags.last().copied().unwrap_or_default()),
        lags.len()
    );
    for (name, (lines, missed)) in ["fast subscriber", "slow subscriber (20 ms a line)"]
        .iter()
        .zip(&counters)
    {
        println!(
            "| {name} | {} lines read, {} changes missed |",
            lines.load(Ordering::Relaxed),
            missed.load(Ordering::Relaxed)
        );
    }
    println!(
        "| in-process subscriber (20 ms an event) | {} events read, {} changes missed |",
        read_here.load(Ordering::Relaxed),
        missed_here.load(Ordering::Relaxed)
    );
    println!("| peak memory (VmHWM) | {peak_rss} |");

    if let Some(file) = svg {
        let spans = monitor.timeline.spans();
        let chart =
            Chart::new(format!("monitor_demo: {SITES} sites, {seconds} s")).subtitle(format!(
                "each bar a round of checks; {} checks, peak {} in flight",
                latencies.len(),
                monitor.in_flight.peak()
            ));
        std::fs::write(&file, chart.svg(&spans)).expect("could not write the SVG");
        println!("timeline: {file}");
    }
}
