//! The whole service, built from your six milestones: it monitors 500 sites on the
//! kit's slow server and serves its state on 127.0.0.1 until Ctrl-C or `POST /stop`.
//!
//! ```console
//! cargo run -p lesson-10 --example monitor
//! curl -s http://127.0.0.1:PORT/status      # the table, as JSON
//! curl -sN http://127.0.0.1:PORT/changes    # each change, as it happens
//! curl -s -X POST http://127.0.0.1:PORT/stop
//! ```

use kit::load::Load;
use kit::server::SlowServer;
use kit::sites::many_sites;
use lesson_10::Limits;
use lesson_10::http::{State, serve};
use lesson_10::monitor::Monitor;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Its pages say how busy the server was, so they change from round to round, as
    // real pages do, and `/changes` has something to say after the first round.
    let server = SlowServer::under_load(Load::new(0.002, 0.0));
    let limits = Limits {
        overall: 100,
        per_host: 100,
        timeout: Duration::from_secs(2),
        patience: Duration::from_millis(600),
    };
    let monitor = Monitor::new(
        // The site list repeats pages; the query keeps each URL a site of its own.
        many_sites(500, 10)
            .iter()
            .enumerate()
            .map(|(i, site)| format!("{}?{i}", server.url(site)))
            .collect(),
        limits,
        Duration::from_secs(5),
        Duration::from_secs(2),
        1024,
    );

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    println!(
        "monitoring 500 sites; serving on http://{}",
        listener.local_addr()?
    );
    println!("  /status (the table), /changes (a line per change), POST /stop; or Ctrl-C");

    let stop = CancellationToken::new();
    let state = State {
        board: monitor.board.clone(),
        feed: monitor.feed.clone(),
    };
    let serving = tokio::spawn(serve(listener, state, stop.clone()));
    let ctrl_c = {
        let stop = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.cancel();
            }
        })
    };
    let stopped = monitor.run(stop.clone()).await;
    ctrl_c.abort();
    serving.await.expect("the endpoint panicked");
    println!(
        "stopped: {} rounds, {} finished, {} cancelled; {} sites on the board",
        stopped.rounds_started,
        stopped.rounds_finished,
        stopped.rounds_cancelled,
        monitor.board.snapshot().len()
    );
    Ok(())
}
