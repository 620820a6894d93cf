//! Checks for milestone 3, `fingerprint`: `exercises/lesson-10/fingerprint.rs`.
//!
//! The test's hasher does not return until the runtime's heartbeat has beaten three
//! times while it works (or 5 s have passed). The runtime has one thread: a hasher
//! that runs on it stops the heartbeat, so it sees no beat, on every run, whatever
//! the machine's load. Nothing here measures how long anything took.

use bytes::Bytes;
use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline};
use lesson_10::fingerprint::{Hasher, fingerprint, sha256_hasher};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new("fingerprint", "exercises/lesson-10/fingerprint.rs");

/// What tokio's `block_in_place` panics with on a current-thread runtime.
const BLOCK_IN_PLACE: &str = "can call blocking only when running on the multi-threaded runtime";

/// `fingerprint(page, hasher)`, with tokio's panic for `block_in_place` explained: on
/// this runtime's one thread there is no other thread to hand the runtime to.
async fn fingerprint_of(page: Bytes, hasher: Hasher) -> u64 {
    quiet_about_block_in_place();
    let mut fingerprinting = std::pin::pin!(fingerprint(page, hasher));
    std::future::poll_fn(move |cx| {
        match panic::catch_unwind(AssertUnwindSafe(|| fingerprinting.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("");
                if message.contains(BLOCK_IN_PLACE) {
                    EXERCISE.fail(
                        "your code called `tokio::task::block_in_place`, and tokio refused \
                         (\"can call blocking only when running on the multi-threaded \
                         runtime\"). `block_in_place` runs the hash on the runtime's own \
                         thread and hands the other tasks to another worker thread; this \
                         runtime has only one, and on any runtime the hash still blocks a \
                         worker. Hand the hash to rayon's pool (`rayon::spawn`) and `.await` \
                         a oneshot channel for the answer.",
                    );
                }
                panic::resume_unwind(payload)
            }
        }
    })
    .await
}

/// Tokio's panic for `block_in_place` is explained by [`fingerprint_of`]: the standard
/// report ("panicked at ...") is left out, so that the explanation is what the learner
/// reads first. Every other panic is reported as before.
fn quiet_about_block_in_place() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let message = kit::exercise::panic_message(info.payload()).unwrap_or("");
            if !message.contains(BLOCK_IN_PLACE) {
                before(info);
            }
        }));
    });
}

#[test]
fn the_same_page_the_same_fingerprint() {
    EXERCISE.run_async(|| async {
        let hasher = sha256_hasher();
        let one = fingerprint_of(Bytes::from_static(b"200 OK after 50 ms\n"), hasher.clone()).await;
        let again =
            fingerprint_of(Bytes::from_static(b"200 OK after 50 ms\n"), hasher.clone()).await;
        let other =
            fingerprint_of(Bytes::from_static(b"200 OK after 51 ms\n"), hasher.clone()).await;
        EXERCISE.check_eq(
            (one == again, one == other),
            (true, false),
            "(the same page twice gives the same fingerprint, a changed page another one): \
             return what `hasher` computed from the page.",
        );
        EXERCISE.check_eq(
            one,
            hasher(b"200 OK after 50 ms\n"),
            "the fingerprint is `hasher(&page)`.",
        );
    });
}

#[test]
fn the_heartbeat_keeps_beating() {
    EXERCISE.run_async(|| async {
        let timeline = Timeline::new();
        let beats = Arc::new(AtomicUsize::new(0));
        // The heartbeat: a task on the runtime's only thread, a beat every millisecond.
        let heartbeat = {
            let (beats, timeline) = (beats.clone(), timeline.clone());
            tokio::spawn(async move {
                loop {
                    let beat = timeline.begin(Lane::named("heartbeat"), "beat");
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    beat.end("beat");
                    beats.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        // Let the heartbeat start before the page comes.
        tokio::task::yield_now().await;
        let seen = Arc::new(AtomicUsize::new(0));
        let hasher: Hasher = {
            let (beats, seen, timeline) = (beats.clone(), seen.clone(), timeline.clone());
            Arc::new(move |page: &[u8]| {
                let hashing = timeline.begin(Lane::named("hasher"), "hashing");
                let first = beats.load(Ordering::SeqCst);
                let give_up = Instant::now() + Duration::from_secs(5);
                while beats.load(Ordering::SeqCst) < first + 3 && Instant::now() < give_up {
                    std::thread::sleep(Duration::from_millis(1));
                }
                seen.store(beats.load(Ordering::SeqCst) - first, Ordering::SeqCst);
                hashing.end("hashed");
                page.len() as u64
            })
        };
        let page = fingerprint_of(Bytes::from_static(b"a page"), hasher).await;
        heartbeat.abort();
        EXERCISE.check_eq(page, 6, "the fingerprint is what the hasher returned.");
        let seen = seen.load(Ordering::SeqCst);
        EXERCISE.check(
            seen >= 3,
            format_args!(
                "while the page was hashed, the runtime's heartbeat beat {seen} times; it \
                 should have kept beating. The hasher ran on the runtime's thread (called \
                 in the async function, or in a `tokio::spawn`ed task), or the runtime's \
                 thread waited for it (a thread's `join`, a blocking `recv`, \
                 `rayon::scope` or `install`): every task there stopped until it was done. \
                 Send the work to a pool (rayon with a oneshot channel, or \
                 `spawn_blocking`) and `.await` the answer.\n{}",
                EXERCISE.run_of(
                    "a row for the heartbeat (a bar per beat) and one for the hasher",
                    timeline.spans()
                )
            ),
        );
    });
}
