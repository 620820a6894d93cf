//! A server under load: delayed sites answer later the more requests are in flight.

#![cfg(feature = "server")]

use kit::load::Load;
use kit::server::SlowServer;
use kit::sites::Site;
use std::thread;
use std::time::{Duration, Instant};

fn body_of(url: &str) -> String {
    ureq::get(url)
        .call()
        .expect("the local server answers")
        .body_mut()
        .read_to_string()
        .expect("a text body")
}

/// Waits (a bounded while) until the server has `count` requests in flight.
fn wait_for_in_flight(server: &SlowServer, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.stats().in_flight < count {
        assert!(Instant::now() < deadline, "{count} requests never arrived");
        thread::yield_now();
    }
}

#[test]
fn alone_a_site_takes_its_own_delay() {
    let server = SlowServer::under_load(Load::new(0.5, 0.1));
    let body = body_of(&server.url(&Site::delayed(30, 200)));
    assert_eq!(body, "200 OK after 30 ms (30 ms alone, 1 in flight)\n");
}

#[test]
fn a_busy_server_stretches_the_delay() {
    let load = Load::new(0.5, 0.0);
    let server = SlowServer::under_load(load);
    // Three requests that wait for a fourth keep the server busy, without a clock.
    let meeting = server.url(&Site::rendezvous(4, 200));
    let waiting: Vec<_> = (0..3)
        .map(|_| {
            let meeting = meeting.clone();
            thread::spawn(move || body_of(&meeting))
        })
        .collect();
    wait_for_in_flight(&server, 3);

    let body = body_of(&server.url(&Site::delayed(10, 200)));
    // Four in flight: 1 + 0.5 * 3 = 2.5 times as long.
    assert_eq!(load.delay(Duration::from_millis(10), 4).as_millis(), 25);
    assert_eq!(body, "200 OK after 25 ms (10 ms alone, 4 in flight)\n");

    // Rendezvous sites are not slowed down: the fourth lets the others go.
    assert!(body_of(&meeting).contains("4 requests met"));
    for request in waiting {
        assert!(request.join().unwrap().contains("4 requests met"));
    }
}

#[test]
fn a_plain_server_is_not_slowed_down() {
    let server = SlowServer::start();
    assert_eq!(
        body_of(&server.url(&Site::delayed(10, 200))),
        "200 OK after 10 ms\n"
    );
}
