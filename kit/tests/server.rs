//! The slow server, checked from the outside with a real HTTP client.

#![cfg(feature = "server")]

use kit::server::SlowServer;
use kit::sites::{Site, Wait, rendezvous_sites};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

/// A client that reports every status as a status: by default ureq turns 4xx and
/// 5xx answers into errors.
fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn status_of(agent: &ureq::Agent, url: &str) -> u16 {
    agent
        .get(url)
        .call()
        .expect("the local server answers")
        .status()
        .as_u16()
}

fn body_of(agent: &ureq::Agent, url: &str) -> String {
    agent
        .get(url)
        .call()
        .expect("the local server answers")
        .body_mut()
        .read_to_string()
        .expect("a text body")
}

#[test]
fn answers_the_status_the_path_asks_for() {
    let server = SlowServer::start();
    let agent = client();
    for (site, expected) in [
        (Site::delayed(0, 200), 200),
        (Site::delayed(20, 404), 404),
        (
            Site {
                wait: Wait::None,
                status: 503,
            },
            503,
        ),
    ] {
        assert_eq!(status_of(&agent, &server.url(&site)), expected, "{site}");
    }
    assert_eq!(
        status_of(&agent, &format!("{}/nowhere", server.base_url())),
        404
    );
    assert_eq!(
        status_of(&agent, &format!("{}/status/42", server.base_url())),
        400
    );
    assert_eq!(
        status_of(
            &agent,
            &format!("{}/delay/99999999/status/200", server.base_url())
        ),
        400,
        "delays are bounded"
    );
    assert_eq!(server.stats().requests, 6);
}

#[test]
fn one_request_after_another_peaks_at_one() {
    let server = SlowServer::start();
    let agent = client();
    for _ in 0..5 {
        assert_eq!(status_of(&agent, &server.url(&Site::delayed(5, 200))), 200);
    }
    let stats = server.stats();
    assert_eq!(stats.requests, 5);
    assert_eq!(stats.in_flight, 0);
    assert_eq!(stats.peak_in_flight, 1);

    server.reset_stats();
    assert_eq!(server.stats().requests, 0);
    assert_eq!(server.stats().peak_in_flight, 0);
}

#[test]
fn a_rendezvous_holds_every_answer_until_all_are_in_flight() {
    let server = SlowServer::start();
    let urls = server.urls(&rendezvous_sites(8, 200));
    let statuses: Vec<u16> = thread::scope(|scope| {
        let agent = client();
        let handles: Vec<_> = urls
            .iter()
            .map(|url| {
                let agent = agent.clone();
                scope.spawn(move || status_of(&agent, url))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(statuses, vec![200; 8]);
    assert_eq!(server.stats().peak_in_flight, 8);
}

#[test]
fn a_rendezvous_nobody_comes_to_breaks_once_then_fails_fast() {
    // The give-up time is not asserted; a short one only keeps this test quick.
    let server = SlowServer::with_patience(Duration::from_millis(100));
    let agent = client();
    let urls = server.urls(&rendezvous_sites(3, 200));
    let statuses: Vec<u16> = urls.iter().map(|url| status_of(&agent, url)).collect();
    assert_eq!(statuses, vec![504; 3]);
    assert!(body_of(&agent, &urls[0]).contains("rendezvous broken"));
    assert_eq!(server.stats().peak_in_flight, 1);
}

#[test]
fn thousands_of_connections_at_once() {
    const TOGETHER: usize = 2000;
    // Starting 2000 threads on a busy 2-core machine can take a while: be patient.
    let server = SlowServer::with_patience(Duration::from_secs(60));
    let url = server.url(&Site::rendezvous(TOGETHER, 200));
    let agent = client();
    let ok = thread::scope(|scope| {
        let handles: Vec<_> = (0..TOGETHER)
            .map(|_| {
                let agent = agent.clone();
                let url = &url;
                thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn_scoped(scope, move || status_of(&agent, url))
                    .expect("a thread")
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|&status| status == 200)
            .count()
    });
    assert_eq!(ok, TOGETHER);
    assert_eq!(server.stats().peak_in_flight, TOGETHER);
}

#[test]
fn dropping_the_server_closes_its_port() {
    let server = SlowServer::start();
    let address = server.address();
    assert!(address.ip().is_loopback());
    TcpStream::connect(address).expect("a running server accepts connections");
    drop(server);
    assert!(
        TcpStream::connect(address).is_err(),
        "a dropped server must not accept connections"
    );
}

#[tokio::test]
async fn starts_and_stops_inside_async_code() {
    let server = SlowServer::start();
    let url = server.url(&Site::delayed(10, 201));
    let status = tokio::task::spawn_blocking(move || status_of(&client(), &url))
        .await
        .unwrap();
    assert_eq!(status, 201);
    drop(server);
}
