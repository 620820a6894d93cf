//! Checks for the `hashing_handler` exercise: `exercises/lesson-08/hashing_handler.rs`.
//!
//! Your `answer` runs behind the lesson's HTTP server on 127.0.0.1, on a
//! current-thread runtime: one thread for every request. The tests ask it with a
//! blocking client from plain threads.

use kit::exercise::Exercise;
use lesson_08::hash::stretch;
use lesson_08::hashing_handler::{Hasher, answer};
use lesson_08::server::Server;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::task::{Context, Poll};
use std::thread::{self, ThreadId};
use std::time::Duration;

const EXERCISE: Exercise =
    Exercise::new("hashing_handler", "exercises/lesson-08/hashing_handler.rs");

/// How long the stand-in hasher waits for the ping to be answered. When the handler
/// is right, the ping takes a millisecond; this only decides how long a stalled
/// server takes to fail, well inside the exercise's time limit.
const PATIENCE: Duration = Duration::from_secs(4);

/// How long the stand-in hasher, once the ping is answered, watches whether your
/// `answer` keeps being polled. A task that `.await`s the hash is polled once more,
/// when the hash is done; one that asks "done yet?" in a loop, many times at once.
const QUIET: Duration = Duration::from_millis(300);

/// How many polls within [`QUIET`] make a busy waiter.
const BUSY_POLLS: u64 = 3;

/// What the tests learn from the server's side: its thread, and how often the
/// `/hash/...` request's `answer` was polled.
#[derive(Default)]
struct Watch {
    server_thread: Mutex<Option<ThreadId>>,
    hash_polls: Mutex<u64>,
    polled: Condvar,
}

impl Watch {
    fn hash_polls(&self) -> u64 {
        *self.hash_polls.lock().unwrap()
    }

    /// Waits, at most [`QUIET`], for `answer` to be polled [`BUSY_POLLS`] more
    /// times than `since`; true if it was.
    fn polled_again(&self, since: u64) -> bool {
        let polls = self.hash_polls.lock().unwrap();
        let (polls, _) = self
            .polled
            .wait_timeout_while(polls, QUIET, |polls| *polls - since < BUSY_POLLS)
            .unwrap();
        *polls - since >= BUSY_POLLS
    }
}

/// A future that counts its polls in a [`Watch`].
struct Counted<F> {
    future: Pin<Box<F>>,
    watch: Arc<Watch>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        *self.watch.hash_polls.lock().unwrap() += 1;
        self.watch.polled.notify_all();
        self.future.as_mut().poll(cx)
    }
}

/// What the server answers when `answer` panicked, followed by the panic's message.
const PANICKED: &str = "\u{0}answer panicked: ";

/// Serves your `answer`, each request in a task of its own: a panic in it (a
/// `todo!()`, say) then comes back as a message instead of a dropped connection.
/// `watch` learns which thread the server runs on, and counts the polls of the
/// `/hash/...` requests.
fn start(hasher: Hasher, watch: Arc<Watch>) -> Server {
    Server::start(move |path| {
        *watch.server_thread.lock().unwrap() = Some(thread::current().id());
        let future = Box::pin(answer(path.clone(), Arc::clone(&hasher)));
        let request = if path.starts_with("/hash/") {
            tokio::spawn(Counted {
                future,
                watch: Arc::clone(&watch),
            })
        } else {
            tokio::spawn(future)
        };
        async move {
            match request.await {
                Ok(body) => body,
                Err(failed) => {
                    let panic = failed.try_into_panic().unwrap_or_else(|_| Box::new(""));
                    let message = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("(a panic without a message)");
                    format!("{PANICKED}{message}")
                }
            }
        }
    })
}

/// GETs `url` and returns the body, or fails the test saying what went wrong. If
/// your `answer` panicked, the panic goes on here, where the test can explain it.
fn get(url: &str) -> String {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(PATIENCE * 2))
        .build()
        .new_agent();
    let mut reply = agent
        .get(url)
        .call()
        .unwrap_or_else(|error| EXERCISE.fail(format_args!("GET {url} failed: {error}")));
    let response = reply
        .body_mut()
        .read_to_string()
        .unwrap_or_else(|error| EXERCISE.fail(format_args!("reading {url}'s answer: {error}")));
    match response.strip_prefix(PANICKED) {
        Some(message) if message.contains("can call blocking only") => EXERCISE.fail(
            "block_in_place panicked: the server runs on a current-thread runtime (one \
             thread for every request, as in asyncio), and there `block_in_place` has no \
             other thread to hand the other requests to. Hand the hashing to \
             `spawn_blocking`, which works on every runtime, and `.await` it.",
        ),
        Some(message) => std::panic::resume_unwind(Box::new(message.to_owned())),
        None => response,
    }
}

/// What the second test hears about, in the order it happens.
enum Event {
    HasherStarted,
    HashAnswered,
}

#[test]
fn answers_pings_and_hashes() {
    EXERCISE.run(|| {
        let server = start(
            Arc::new(|bytes: &[u8]| stretch(bytes, 1000)),
            Arc::default(),
        );
        EXERCISE.check_eq(get(&server.url("/ping")), "pong", "/ping answers pong.");
        EXERCISE.check_eq(
            get(&server.url("/hash/plates")),
            format!("{:016x}", stretch(b"plates", 1000)),
            "/hash/plates answers the hasher's digest of b\"plates\", as 16 lowercase \
             hex digits (`format!(\"{:016x}\", digest)`).",
        );
        EXERCISE.check_eq(
            get(&server.url("/hash/")),
            format!("{:016x}", stretch(b"", 1000)),
            "/hash/ is the digest of no bytes at all.",
        );
        EXERCISE.check_eq(
            get(&server.url("/teapot")),
            "no such page",
            "Any other path answers `no such page`.",
        );
        let small = start(Arc::new(|_: &[u8]| 0xabc), Arc::default());
        EXERCISE.check_eq(
            get(&small.url("/hash/plates")),
            "0000000000000abc",
            "A digest of 0xabc is written with all its 16 hex digits, leading zeros \
             included: `format!(\"{:016x}\", digest)` (`{:x}` alone drops them).",
        );
    });
}

#[test]
fn a_hash_does_not_stall_a_ping() {
    EXERCISE.run(|| {
        // The stand-in hasher says it has started, then waits for the test to say
        // that a ping was answered meanwhile.
        let (events, event) = mpsc::channel();
        let (pinged, on_ping) = mpsc::channel::<()>();
        let on_ping = Mutex::new(on_ping);
        let met = Arc::new(Mutex::new(None));
        let busy = Arc::new(Mutex::new(false));
        let hasher_thread = Arc::new(Mutex::new(None));
        let watch = Arc::new(Watch::default());
        let hasher: Hasher = Arc::new({
            let met = Arc::clone(&met);
            let busy = Arc::clone(&busy);
            let hasher_thread = Arc::clone(&hasher_thread);
            let watch = Arc::clone(&watch);
            let events = events.clone();
            move |bytes: &[u8]| {
                let here = thread::current().id();
                *hasher_thread.lock().unwrap() = Some(here);
                let polls = watch.hash_polls();
                let _ = events.send(Event::HasherStarted);
                // On the server's thread, no ping can be answered until this returns:
                // no need to wait and see.
                let answered = *watch.server_thread.lock().unwrap() != Some(here)
                    && on_ping.lock().unwrap().recv_timeout(PATIENCE).is_ok();
                *met.lock().unwrap() = Some(answered);
                if answered {
                    *busy.lock().unwrap() = watch.polled_again(polls);
                }
                bytes.len() as u64
            }
        });
        let server = start(hasher, Arc::clone(&watch));
        let hash_events = events.clone();

        let hash_url = server.url("/hash/slow");
        let hashing = thread::spawn(move || {
            let digest = std::panic::catch_unwind(|| get(&hash_url));
            let _ = hash_events.send(Event::HashAnswered);
            digest
        });
        let first = event.recv_timeout(PATIENCE);
        if !matches!(first, Ok(Event::HasherStarted)) {
            let digest = hashing.join().expect("the thread catches panics");
            let digest = digest.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            EXERCISE.fail(format_args!(
                "/hash/slow answered {digest:?} without ever calling `hasher`."
            ));
        }
        let pong = get(&server.url("/ping"));
        let _ = pinged.send(());
        let digest = hashing.join().expect("the thread catches panics");
        let digest = digest.unwrap_or_else(|panic| std::panic::resume_unwind(panic));

        let met = *met.lock().unwrap();
        EXERCISE.check(
            met != Some(false)
                || *hasher_thread.lock().unwrap() != *watch.server_thread.lock().unwrap(),
            "A /ping sent while /hash was hashing was not answered until the hash was \
             done: the hasher ran on the server's only thread, and every other request \
             waited. (`tokio::spawn` does not help: a spawned task runs on the same \
             thread.) Hand the hashing to spawn_blocking (or rayon) and `.await` it.",
        );
        EXERCISE.check_eq(
            met,
            Some(true),
            "A /ping sent while /hash was hashing was not answered until the hash was \
             done: the hasher ran on another thread, but the server's only thread \
             waited for it (`join`, a blocking `recv`), and every other request waited \
             too. `.await` a spawn_blocking handle (or a oneshot receiver) instead.",
        );
        EXERCISE.check(
            !*busy.lock().unwrap(),
            format_args!(
                "The hash ran off the server's thread and the ping was answered, but \
                 while the hash went on, your `answer` kept being polled ({BUSY_POLLS} \
                 times or more within {QUIET:?}): it wakes itself up to ask whether the \
                 hash is done. That is busy waiting (a loop on `is_finished()` with \
                 `yield_now().await`), and it keeps the server's only thread busy. \
                 `.await` the JoinHandle: the task sleeps until the hash is done."
            ),
        );
        EXERCISE.check_eq(pong, "pong", "/ping answers pong.");
        EXERCISE.check_eq(
            digest,
            format!("{:016x}", 4),
            "The stand-in's digest of \"slow\".",
        );
    });
}
