//! Checks for the `guard_across_await` exercise:
//! `exercises/lesson-06/guard_across_await.rs`.
//!
//! The checks run on a multi-threaded tokio runtime against the kit's local
//! slow-websites server, and hand your future to `tokio::spawn`. That is the compile
//! check: a future that holds a std `MutexGuard` across an `.await` is not `Send`,
//! and this file then does not compile: the compiler names the guard's type and
//! your async fn.
//!
//! A guard can still be held across the wait without an `.await` (a blocking wait
//! for the fetch): then the other tasks block in `lock()`, the runtime's threads
//! stop, and nothing finishes. Each check gives up after [`PATIENCE`] and looks at
//! the lock to say so, drawing the worker threads: each stuck one never slept again.

#[path = "watched/workers.rs"]
mod workers;

use kit::client::{async_client, status_async};
use kit::exercise::Exercise;
use kit::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use lesson_06::across_await::Stats;
use lesson_06::guard_across_await::check_site;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, TryLockError, mpsc};
use std::thread;
use std::time::Duration;
use tokio::net::TcpSocket;
use tokio::time::sleep;
use workers::{AS_THE_WORKERS_RAN, Workers};

const EXERCISE: Exercise = Exercise::new(
    "guard_across_await",
    "exercises/lesson-06/guard_across_await.rs",
);

/// How long a check may run. Correct answers take milliseconds.
const PATIENCE: Duration = Duration::from_secs(5);

/// How long the server holds a rendezvous request waiting for the others: shorter
/// than [`PATIENCE`], so that requests that never meet are answered (504) first.
const RENDEZVOUS: Duration = Duration::from_secs(3);

/// Runs `body` on a tokio runtime with two worker threads (a spawned task may move
/// from one to the other at any `.await`), handing it the stats the checks share.
/// If it has not finished after [`PATIENCE`], fails, saying what probably happened.
fn on_two_threads<F: Future<Output = ()>>(
    body: impl FnOnce(Arc<Mutex<Stats>>) -> F + Send + 'static,
) {
    EXERCISE.run(|| {
        let stats = Arc::new(Mutex::new(Stats::default()));
        let workers = Arc::new(Workers::default());
        let runtime = Workers::runtime(&workers, 2);
        let (done, finished) = mpsc::channel();
        let shared = Arc::clone(&stats);
        // Not the test's own thread: if the runtime stops, this one must still be
        // free to explain.
        thread::spawn(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(body(shared))));
            let _ = done.send(outcome);
        });
        match finished.recv_timeout(PATIENCE) {
            Ok(Ok(())) => {}
            Ok(Err(panic)) => panic::resume_unwind(panic),
            Err(_) => explain_hang(&stats, &workers),
        }
    });
}

fn explain_hang(stats: &Mutex<Stats>, workers: &Workers) -> ! {
    let run = EXERCISE.run_of(AS_THE_WORKERS_RAN, workers.spans());
    if let Err(TryLockError::WouldBlock) = stats.try_lock() {
        EXERCISE.fail(format_args!(
            "the checks were still running after {PATIENCE:?}, and a task was still \
             holding the stats lock: a task held the lock while it waited for its fetch. \
             Waiting without an `.await` (`block_in_place`, `Handle::block_on`) keeps the \
             future `Send`, but the guard is just as alive: every other task blocks in \
             `lock()`, each on one of the runtime's threads, until no thread is left to \
             run the fetch. Lock only around the counting: count the start, let go, \
             `.await` the fetch, lock again to count the status.\n{run}"
        ));
    }
    EXERCISE.fail(format_args!(
        "the checks were still running after {PATIENCE:?}, with no lock held. Something \
         blocks the runtime's threads: a blocking call inside the async fn (a \
         `std::thread::sleep`, a blocking client), or a lock that is not the stats'.\n{run}"
    ));
}

/// The URL of a port on 127.0.0.1 where nothing listens: connecting is refused at
/// once. The socket holds the port (bound, never listening), so that nothing else
/// can take it while the check runs; keep it alive until then.
fn refused_url() -> (String, TcpSocket) {
    let socket = TcpSocket::new_v4().expect("the test could not make a socket");
    socket
        .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .expect("the test could not bind a port on 127.0.0.1");
    let address = socket.local_addr().expect("a bound socket has an address");
    (format!("http://{address}/status/200"), socket)
}

/// Spawns one `check_site` task per URL and returns their handles.
fn spawn_checks(stats: &Arc<Mutex<Stats>>, urls: Vec<String>) -> Vec<Check> {
    let client = async_client();
    urls.into_iter()
        // THE COMPILE CHECK: `tokio::spawn` takes only `Send` futures.
        .map(|url| tokio::spawn(check_site(client.clone(), Arc::clone(stats), url)))
        .collect()
}

type Check = tokio::task::JoinHandle<Result<(), kit::client::Error>>;

async fn finish(tasks: Vec<Check>) {
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
    on_two_threads(|stats| async move {
        let server = SlowServer::start();
        let urls = [
            "/status/200",
            "/status/404",
            "/status/200",
            "/status/500",
            "/status/200",
        ]
        .map(|path| format!("{}{path}", server.base_url()));
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
    on_two_threads(|stats| async move {
        // Each request waits at the server until all four are there: they can only
        // answer 200 if they were in flight at the same time.
        let server = SlowServer::with_patience(RENDEZVOUS);
        let urls = vec![format!("{}/rendezvous/4/status/200", server.base_url()); 4];
        finish(spawn_checks(&stats, urls)).await;
        let counts = stats.lock().unwrap().counts.clone();
        EXERCISE.check_eq(
            counts.into_iter().collect::<Vec<_>>(),
            vec![(200, 4)],
            format_args!(
                "Four requests that meet at the server answer 200; a 504 means they \
                 never were in flight together: something made the checks take turns.\n{}",
                EXERCISE.run_of(AS_THE_SERVER_SAW_IT, server.spans())
            ),
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
    on_two_threads(|stats| async move {
        let server = SlowServer::with_patience(RENDEZVOUS);
        let url = format!("{}/rendezvous/4/status/200", server.base_url());
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

#[test]
fn a_failed_fetch_is_an_error() {
    on_two_threads(|stats| async move {
        let server = SlowServer::start();
        let (refused, _port) = refused_url();
        let urls = vec![
            format!("{}/status/200", server.base_url()),
            refused.clone(),
            format!("{}/status/404", server.base_url()),
        ];
        let mut results = Vec::new();
        for task in spawn_checks(&stats, urls) {
            match task.await {
                Ok(result) => results.push(result.map_err(|error| error.to_string())),
                Err(error) if error.is_panic() => {
                    let payload = error.into_panic();
                    let message = kit::exercise::panic_message(&*payload).unwrap_or("(no message)");
                    EXERCISE.fail(format_args!(
                        "check_site panicked on a fetch that failed ({refused}, where \
                         nothing listens): {message}\n  \
                         A failed fetch is an error to hand back, not a panic: the \
                         function returns a `Result`, and `status_async(...).await?` \
                         returns the error to the caller."
                    ));
                }
                Err(error) => EXERCISE.fail(format_args!("a check_site task failed: {error}")),
            }
        }
        EXERCISE.check(
            results[1].is_err(),
            format_args!(
                "check_site returned Ok(()) for {refused}, where nothing listens: its \
                 fetch failed, and the caller never heard of it. Return the error \
                 (`status_async(...).await?`) instead of skipping the count."
            ),
        );
        EXERCISE.check_eq(
            (&results[0], &results[2]),
            (&Ok(()), &Ok(())),
            "The two sites that answer (200 and 404) are checked without an error.",
        );
        let now = stats.lock().unwrap().clone();
        EXERCISE.check_eq(
            (now.started, now.counts.into_iter().collect::<Vec<_>>()),
            (3, vec![(200, 1), (404, 1)]),
            "(checks started, statuses counted) after three checks, one of which could \
             not connect. A failed check was still started: count the start before the \
             fetch, and only the statuses of the sites that answered.",
        );
    });
}
