//! What recording a span costs: the slow server records one per request, and every
//! check leaves that on. Times `begin` + `end` on one thread and on two at once (the
//! server runs on one thread; two is the contention case), against a local request.
//!
//! `cargo run --release -p kit --example recording_cost`

use kit::server::SlowServer;
use kit::sites::Site;
use kit::timeline::{Lane, Timeline};
use std::thread;
use std::time::{Duration, Instant};

const SPANS: usize = 200_000;
const REQUESTS: usize = 2_000;

fn main() {
    println!("{:<44} {:>12}", "what", "per span");
    for threads in [1, 2] {
        let timeline = Timeline::new();
        let start = Instant::now();
        thread::scope(|scope| {
            for t in 0..threads {
                let timeline = timeline.clone();
                scope.spawn(move || {
                    for i in 0..SPANS {
                        let span = timeline.begin(Lane::numbered("connection", t), "/status/200");
                        span.end(if i % 2 == 0 { 200 } else { 404 });
                    }
                });
            }
        });
        let each = start.elapsed() / (SPANS * threads) as u32;
        println!(
            "{:<44} {:>12?}",
            format!("begin + end, {threads} thread(s) at once"),
            each
        );
    }

    // A keep-alive request to the kit's server, for scale: the server records one span
    // for each of these. A site with no delay at all: even a delay of 0 ms goes through
    // tokio's timer, which fires on the next millisecond, and would swamp the request.
    let server = SlowServer::start();
    let url = server.url(&Site::parse("/status/200").expect("a site with no delay"));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let start = Instant::now();
    for _ in 0..REQUESTS {
        agent.get(&url).call().expect("the local server answers");
    }
    let each: Duration = start.elapsed() / REQUESTS as u32;
    println!(
        "{:<44} {:>12?}",
        "one request to the slow server, keep-alive", each
    );
    println!("spans the server recorded: {}", server.spans().len());
}
