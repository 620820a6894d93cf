//! Checks for the `hashing_handler` exercise: `exercises/lesson-08/hashing_handler.rs`.
//!
//! Your `answer` runs behind the lesson's HTTP server on 127.0.0.1, on a
//! current-thread runtime: one thread for every request. The tests ask it with a
//! blocking client from plain threads. A failing check on a ping sent during a hash
//! ends with the run drawn: the hash request's polls on the server, the hasher on the
//! thread it ran on, and the ping from sent to answered.

mod probe;

use kit::exercise::Exercise;
use kit::timeline::{Lane, Span, Timeline};
use lesson_08::hash::stretch;
use lesson_08::hashing_handler::{Hasher, answer};
use lesson_08::server::Server;
use probe::wait::Wait;
use std::collections::VecDeque;
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

/// How many polls of the `/hash/...` request's task a drawing shows, the last ones: a
/// busy waiter's thousands would fill it (and take long to draw) without showing more.
const POLLS_DRAWN: usize = 20;

/// How a failure introduces the run it draws.
const AS_THE_SERVER_AND_CLIENT_SAW_IT: &str = "as the server and the client saw it (the \
     /hash request's task on the server: [=== a poll, the last 20 drawn; the hasher, on \
     the thread it ran on: [=== hashing, ... waiting for the ping's answer, then watching \
     whether your task rests; x a wait that gave up, on a row named for what never came; \
     the /ping: [=== from sent to answered)";

/// The drawing's rows.
const HASH_TASK: &str = "/hash task on the server";
const PING: &str = "/ping, from the client";
const HASHER_ON_THE_SERVER: &str = "hasher, server's thread";
const HASHER_ELSEWHERE: &str = "hasher, another thread";
const NO_PING_ANSWER: &str = "no answer to the ping";
const NO_REST: &str = "your task kept polling";

/// What the tests learn from the server's side: its thread, and how often the
/// `/hash/...` request's `answer` was polled.
#[derive(Default)]
struct Watch {
    server_thread: Mutex<Option<ThreadId>>,
    hash_polls: Mutex<u64>,
    polled: Condvar,
    /// What the test records for a drawing.
    timeline: Timeline,
    /// The last polls of the `/hash/...` request's task.
    last_polls: Mutex<VecDeque<Span>>,
}

impl Watch {
    /// The run so far, for a failure to draw.
    fn spans(&self) -> Vec<Span> {
        let mut spans = self.timeline.spans();
        spans.extend(self.last_polls.lock().unwrap().iter().cloned());
        spans
    }

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

/// A future that counts its polls in a [`Watch`], and keeps the last
/// [`POLLS_DRAWN`] for a drawing.
struct Counted<F> {
    future: Pin<Box<F>>,
    watch: Arc<Watch>,
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let polls = {
            let mut polls = self.watch.hash_polls.lock().unwrap();
            *polls += 1;
            *polls
        };
        self.watch.polled.notify_all();
        let clock = self.watch.timeline.origin();
        let start = clock.elapsed();
        let poll = self.future.as_mut().poll(cx);
        let kind = if poll.is_ready() { "ready" } else { "pending" };
        let mut last = self.watch.last_polls.lock().unwrap();
        if last.len() == POLLS_DRAWN {
            last.pop_front();
        }
        last.push_back(Span {
            lane: HASH_TASK.to_owned(),
            label: format!("poll {polls}"),
            kind: kind.to_owned(),
            start,
            end: clock.elapsed(),
        });
        poll
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
                    let message = kit::exercise::panic_message(&*panic)
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

/// Fails the test with `what`, and the run so far drawn under it.
fn fail_drawn(watch: &Watch, what: impl std::fmt::Display) -> ! {
    EXERCISE.fail(format_args!(
        "{what}\n{}",
        EXERCISE.run_of(AS_THE_SERVER_AND_CLIENT_SAW_IT, watch.spans())
    ))
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
        let (ping_going, ping_gone) = mpsc::channel::<()>();
        let ping_gone = Mutex::new(ping_gone);
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
                let timeline = &watch.timeline;
                if *watch.server_thread.lock().unwrap() == Some(here) {
                    // No ping can be answered until this returns: no need to wait and
                    // see. Only until the ping is on its way, so that the drawing shows
                    // it waiting behind the hash.
                    let hashing = timeline.begin(Lane::named(HASHER_ON_THE_SERVER), "hash");
                    let _ = ping_gone.lock().unwrap().recv_timeout(PATIENCE);
                    hashing.end("hashed");
                    *met.lock().unwrap() = Some(false);
                    return bytes.len() as u64;
                }
                // A wait dropped without `met` is drawn as given up.
                let row = HASHER_ELSEWHERE;
                let waiting = Wait::begin(timeline, row, "the ping is answered", NO_PING_ANSWER);
                let answered = on_ping.lock().unwrap().recv_timeout(PATIENCE).is_ok();
                *met.lock().unwrap() = Some(answered);
                if answered {
                    waiting.met();
                    let waiting = Wait::begin(timeline, row, "your task rests", NO_REST);
                    let polled_again = watch.polled_again(polls);
                    *busy.lock().unwrap() = polled_again;
                    if !polled_again {
                        waiting.met();
                    }
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
        let ping = watch.timeline.begin(Lane::named(PING), "/ping");
        let _ = ping_going.send(());
        let pong = get(&server.url("/ping"));
        ping.end("answered");
        let _ = pinged.send(());
        let digest = hashing.join().expect("the thread catches panics");
        let digest = digest.unwrap_or_else(|panic| std::panic::resume_unwind(panic));

        let met = *met.lock().unwrap();
        if met == Some(false)
            && *hasher_thread.lock().unwrap() == *watch.server_thread.lock().unwrap()
        {
            fail_drawn(
                &watch,
                "A /ping sent while /hash was hashing was not answered until the hash was \
                 done: the hasher ran on the server's only thread, and every other request \
                 waited. (`tokio::spawn` does not help: a spawned task runs on the same \
                 thread.) Hand the hashing to spawn_blocking (or rayon) and `.await` it.",
            );
        }
        if met != Some(true) {
            fail_drawn(
                &watch,
                "A /ping sent while /hash was hashing was not answered until the hash was \
                 done: the hasher ran on another thread, but the server's only thread \
                 waited for it (`join`, a blocking `recv`), and every other request waited \
                 too. `.await` a spawn_blocking handle (or a oneshot receiver) instead.",
            );
        }
        if *busy.lock().unwrap() {
            fail_drawn(
                &watch,
                format_args!(
                    "The hash ran off the server's thread and the ping was answered, but \
                     while the hash went on, your `answer` kept being polled ({BUSY_POLLS} \
                     times or more within {QUIET:?}): it wakes itself up to ask whether \
                     the hash is done. That is busy waiting (a loop on `is_finished()` \
                     with `yield_now().await`), and it keeps the server's only thread \
                     busy. `.await` the JoinHandle: the task sleeps until the hash is done."
                ),
            );
        }
        EXERCISE.keep_run(AS_THE_SERVER_AND_CLIENT_SAW_IT, &watch.spans());
        EXERCISE.check_eq(pong, "pong", "/ping answers pong.");
        EXERCISE.check_eq(
            digest,
            format!("{:016x}", 4),
            "The stand-in's digest of \"slow\".",
        );
    });
}
