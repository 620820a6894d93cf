//! Checks for the `guard_across_await` exercise:
//! `exercises/lesson-06/guard_across_await.rs`.
//!
//! The checks run on a multi-threaded tokio runtime against the kit's local
//! slow-websites server, and hand your future to `tokio::spawn`. That is the compile
//! check: a future that holds a std `MutexGuard` across an `.await` is not `Send`,
//! and this file then does not compile: the compiler names the guard's type and
//! your async fn.

use kit::client::{async_client, status_async};
use kit::exercise::Exercise;
use kit::server::SlowServer;
use lesson_06::across_await::Stats;
use lesson_06::guard_across_await::check_site;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::sleep;

const EXERCISE: Exercise = Exercise::new(
    "guard_across_await",
    "exercises/lesson-06/guard_across_await.rs",
);

/// Runs `body` on a tokio runtime with two worker threads: a spawned task may move
/// from one to the other at any `.await`.
fn on_two_threads<F: Future<Output = ()>>(body: impl FnOnce() -> F + Send + 'static) {
    EXERCISE.run(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("the test could not start a tokio runtime")
            .block_on(body())
    });
}

/// Spawns one `check_site` task per URL and returns their handles.
fn spawn_checks(
    stats: &Arc<Mutex<Stats>>,
    urls: Vec<String>,
) -> Vec<tokio::task::JoinHandle<Result<(), kit::client::Error>>> {
    let client = async_client();
    urls.into_iter()
        // THE COMPILE CHECK: `tokio::spawn` takes only `Send` futures.
        .map(|url| tokio::spawn(check_site(client.clone(), Arc::clone(stats), url)))
        .collect()
}

async fn finish(tasks: Vec<tokio::task::JoinHandle<Result<(), kit::client::Error>>>) {
    for task in tasks {
        match task.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => EXERCISE.fail(format_args!("check_site returned an error: {error}")),
            Err(panic) => std::panic::resume_unwind(panic.into_panic()),
        }
    }
}

#[test]
fn every_site_is_started_and_counted() {
    on_two_threads(|| async {
        let server = SlowServer::start();
        let urls = [
            "/status/200",
            "/status/404",
            "/status/200",
            "/status/500",
            "/status/200",
        ]
        .map(|path| format!("{}{path}", server.base_url()));
        let stats = Arc::new(Mutex::new(Stats::default()));
        finish(spawn_checks(&stats, urls.to_vec())).await;
        let stats = stats.lock().unwrap().clone();
        EXERCISE.check_eq(stats.started, 5, "Five checks were started.");
        EXERCISE.check_eq(
            stats.counts.into_iter().collect::<Vec<_>>(),
            vec![(200, 3), (404, 1), (500, 1)],
            "The statuses of the five sites, counted.",
        );
    });
}

#[test]
fn the_fetches_overlap() {
    on_two_threads(|| async {
        // Each request waits at the server until all four are there: they can only
        // answer 200 if they were in flight at the same time.
        let server = SlowServer::start();
        let urls = vec![format!("{}/rendezvous/4/status/200", server.base_url()); 4];
        let stats = Arc::new(Mutex::new(Stats::default()));
        finish(spawn_checks(&stats, urls)).await;
        let counts = stats.lock().unwrap().counts.clone();
        EXERCISE.check_eq(
            counts.into_iter().collect::<Vec<_>>(),
            vec![(200, 4)],
            "Four requests that meet at the server answer 200; a 504 means they never \
             were in flight together: something made the checks take turns.",
        );
        EXERCISE.check_eq(
            server.stats().peak_in_flight,
            4,
            "Requests in flight at once.",
        );
    });
}

#[test]
fn a_check_counts_as_started_before_its_answer_comes() {
    on_two_threads(|| async {
        let server = SlowServer::start();
        let url = format!("{}/rendezvous/4/status/200", server.base_url());
        let stats = Arc::new(Mutex::new(Stats::default()));
        let tasks = spawn_checks(&stats, vec![url.clone(); 3]);
        // Wait (a bounded while) until the server holds all three requests: none can
        // answer before a fourth arrives.
        for _ in 0..1000 {
            if server.stats().in_flight == 3 || tasks.iter().any(|task| task.is_finished()) {
                break;
            }
            sleep(Duration::from_millis(5)).await;
        }
        if tasks.iter().any(|task| task.is_finished()) {
            finish(tasks).await;
            EXERCISE.fail("a check_site task finished before its site could answer.");
        }
        EXERCISE.check_eq(
            server.stats().in_flight,
            3,
            "Three checks fetching at once.",
        );
        let now = stats.lock().unwrap().clone();
        EXERCISE.check_eq(
            (now.started, now.counts.len()),
            (3, 0),
            "(checks started, statuses counted) while all three requests wait for their \
             answer. Count the check as started BEFORE the fetch, like check_site_held \
             does, and the status after it.",
        );
        // The fourth request: now all four meet and answer.
        let status = status_async(&async_client(), &url).await;
        EXERCISE.check_eq(
            status.ok(),
            Some(200),
            "The test's own request met the others.",
        );
        finish(tasks).await;
        EXERCISE.check_eq(
            stats.lock().unwrap().counts.get(&200).copied(),
            Some(3),
            "Three 200s.",
        );
    });
}
