//! Checks for the `page_cache` exercise: `exercises/lesson-06/page_cache.rs`.
//!
//! "Two readers hold the lock at once" is proved by a rendezvous: each reader,
//! inside `with_page`, waits for the other to arrive. With a shared read lock both
//! are inside and they meet at once; with an exclusive lock the second cannot come
//! in, so the first gives up after [`PATIENCE`] and the test explains. The waiting
//! only ever runs out on a wrong answer: no test passes by a timer.
//!
//! Each call goes through `tests/watched/calls.rs`, which notes when your code runs
//! the test's `read` and `render`, so that a failure can draw who was inside when.

#[path = "watched/calls.rs"]
mod calls;

use calls::Calls;
use kit::exercise::Exercise;
use lesson_06::page_cache::PageCache;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread;
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("page_cache", "exercises/lesson-06/page_cache.rs")
    .with_limit(Duration::from_secs(20));

/// How long a thread waits for another before the test calls it blocked.
const PATIENCE: Duration = Duration::from_secs(4);

/// How a failure introduces the calls it draws.
const AS_THE_CALLERS_FELT_IT: &str = "as the callers felt it (a row per call: ... in your \
     code, [=== in the test's closure that your code called: `read` in with_page, \
     `render` in get_or_render; xxx still in your code when the test drew this)";

/// A count that threads can wait on: `arrive` adds one, `wait_for(n)` waits until
/// it reaches `n` (or [`PATIENCE`] runs out: then `false`), and `hold_until(n)` the
/// same, twice as long.
#[derive(Default)]
struct Meeting {
    arrived: Mutex<usize>,
    changed: Condvar,
}

impl Meeting {
    fn arrive(&self) {
        *self.arrived.lock().unwrap() += 1;
        self.changed.notify_all();
    }

    fn wait_for(&self, count: usize) -> bool {
        self.wait_at_most(PATIENCE, count)
    }

    /// For a render that must not finish before the test has judged what happened
    /// meanwhile: the test itself gives up on the others after [`PATIENCE`], and
    /// then always arrives, so this never runs out on a correct answer, and on a wrong
    /// one it outlasts the test's own patience instead of racing it.
    fn hold_until(&self, count: usize) {
        self.wait_at_most(PATIENCE * 2, count);
    }

    fn wait_at_most(&self, patience: Duration, count: usize) -> bool {
        let arrived = self.arrived.lock().unwrap();
        let (_arrived, waited) = self
            .changed
            .wait_timeout_while(arrived, patience, |arrived| *arrived < count)
            .unwrap();
        !waited.timed_out()
    }
}

/// Runs `work` on another thread; `None` if it has not returned after [`PATIENCE`].
fn within<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
    });
    match result.recv_timeout(PATIENCE) {
        Ok(Ok(value)) => Some(value),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => None,
    }
}

/// Waits until `thread`'s get_or_render calls render; fails if it never does.
fn started_rendering<T>(
    rendering: &Meeting,
    thread: thread::JoinHandle<T>,
) -> thread::JoinHandle<T> {
    if rendering.wait_for(1) {
        return thread;
    }
    if thread.is_finished() {
        if let Err(panic) = thread.join() {
            std::panic::resume_unwind(panic);
        }
        EXERCISE.fail("get_or_render of a page that is not cached returned without rendering it.");
    }
    EXERCISE.fail("get_or_render of a page that is not cached never called render.");
}

/// `cache.get_or_render(url, render)` on another thread, drawn on `calls`; fails if
/// it hangs.
fn fill(
    calls: &Calls,
    cache: &Arc<PageCache>,
    url: &str,
    render: impl FnOnce(&str) -> String + Send + 'static,
) -> String {
    let (calls, cache, url) = (calls.clone(), Arc::clone(cache), url.to_owned());
    let row = format!("get_or_render {url}");
    let filling = calls.clone();
    within(move || filling.get_or_render(&cache, &row, &url, render)).unwrap_or_else(|| {
        EXERCISE.fail(format_args!(
            "get_or_render of a page that was not cached had not returned after \
             {PATIENCE:?}. Probably it still held the read lock when it asked for the \
             write lock: a thread waiting for itself. Let the read guard go first (end \
             its scope, or `drop` it).\n{}",
            EXERCISE.run_of(AS_THE_CALLERS_FELT_IT, calls.spans())
        ))
    })
}

/// A cache that already holds `url`.
fn cache_with(url: &str, page: &str) -> Arc<PageCache> {
    let cache = Arc::new(PageCache::new());
    let page = page.to_owned();
    let stored = fill(&Calls::default(), &cache, url, {
        let page = page.clone();
        move |_| page
    });
    EXERCISE.check_eq(stored, page, "The first get_or_render of a URL renders it.");
    cache
}

#[test]
fn two_readers_are_inside_at_once() {
    EXERCISE.run(|| {
        let cache = cache_with("/home", "<h1>home</h1>");
        let meeting = Arc::new(Meeting::default());
        let calls = Calls::default();
        let reader = |row: &'static str| {
            let (calls, cache, meeting) = (calls.clone(), Arc::clone(&cache), Arc::clone(&meeting));
            move || {
                calls.with_page(&cache, row, "/home", |_page| {
                    meeting.arrive();
                    meeting.wait_for(2)
                })
            }
        };
        let other = thread::spawn(reader("reader 1"));
        let mine = reader("reader 2")();
        let theirs = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        EXERCISE.check(
            mine.is_some() && theirs.is_some(),
            "with_page returned None for a page that is in the cache.",
        );
        EXERCISE.check(
            mine == Some(true) && theirs == Some(true),
            format_args!(
                "Two threads called with_page at the same time, and each waited inside \
                 for the other: one waited {PATIENCE:?} alone. Only one reader was let \
                 in at a time: a Mutex, or the write lock. Reading needs the READ lock \
                 (`RwLock::read`), which any number of threads hold together.\n{}",
                EXERCISE.run_of(AS_THE_CALLERS_FELT_IT, calls.spans())
            ),
        );
    });
}

#[test]
fn a_miss_renders_once_then_the_page_is_cached() {
    EXERCISE.run(|| {
        let cache = Arc::new(PageCache::new());
        let renders = Arc::new(AtomicUsize::new(0));
        let first = fill(&Calls::default(), &cache, "/about", {
            let renders = Arc::clone(&renders);
            move |url| {
                renders.fetch_add(1, Ordering::SeqCst);
                format!("<h1>{url}</h1>")
            }
        });
        EXERCISE.check_eq(
            first.as_str(),
            "<h1>/about</h1>",
            "A miss returns what render made.",
        );
        let again = cache.get_or_render("/about", |_| {
            renders.fetch_add(1, Ordering::SeqCst);
            "rendered again".to_owned()
        });
        EXERCISE.check_eq(
            again.as_str(),
            "<h1>/about</h1>",
            "The second call finds the page cached.",
        );
        EXERCISE.check_eq(
            renders.load(Ordering::SeqCst),
            1,
            "render runs once per page.",
        );
        EXERCISE.check_eq(
            cache.with_page("/about", str::len),
            Some("<h1>/about</h1>".len()),
            "with_page sees the stored page.",
        );
        EXERCISE.check_eq(
            cache.with_page("/nowhere", str::len),
            None,
            "Not cached: None.",
        );
    });
}

#[test]
fn readers_go_on_while_a_page_renders() {
    EXERCISE.run(|| {
        let cache = cache_with("/home", "<h1>home</h1>");
        let rendering = Arc::new(Meeting::default());
        let read = Arc::new(Meeting::default());
        let calls = Calls::default();
        let slow = thread::spawn({
            let (calls, cache, rendering, read) = (
                calls.clone(),
                Arc::clone(&cache),
                Arc::clone(&rendering),
                Arc::clone(&read),
            );
            move || {
                calls.get_or_render(&cache, "renders /slow", "/slow", |_| {
                    rendering.arrive();
                    read.hold_until(1); // finish only once the reader is done
                    "<h1>slow</h1>".to_owned()
                })
            }
        });
        let slow = started_rendering(&rendering, slow);
        let reader = within({
            let (calls, cache) = (calls.clone(), Arc::clone(&cache));
            move || calls.with_page(&cache, "reads /home", "/home", str::len)
        });
        // Drawn now, while the render still runs: what the reader met.
        let run = EXERCISE.run_of(AS_THE_CALLERS_FELT_IT, calls.spans());
        read.arrive();
        EXERCISE.check(
            reader.is_some(),
            format_args!(
                "While one thread rendered a new page, a reader of ANOTHER page waited \
                 more than {PATIENCE:?}. render ran with a lock held (the write lock \
                 locks out every reader). Render with no lock held; take the write lock \
                 only to store.\n{run}"
            ),
        );
        EXERCISE.check_eq(
            reader.flatten(),
            Some("<h1>home</h1>".len()),
            "The reader sees /home.",
        );
        let page = slow
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        EXERCISE.check_eq(
            page.as_str(),
            "<h1>slow</h1>",
            "The slow page, once rendered.",
        );
    });
}

#[test]
fn the_page_stored_first_wins() {
    EXERCISE.run(|| {
        // A misses and starts rendering; while it renders, B misses, renders and
        // stores its page. Then A finishes. Everyone must see B's page, the first
        // one stored: A's store must not replace it.
        let cache = Arc::new(PageCache::new());
        let rendering = Arc::new(Meeting::default());
        let b_done = Arc::new(Meeting::default());
        let calls = Calls::default();
        let a = thread::spawn({
            let (calls, cache, rendering, b_done) = (
                calls.clone(),
                Arc::clone(&cache),
                Arc::clone(&rendering),
                Arc::clone(&b_done),
            );
            move || {
                calls.get_or_render(&cache, "A: get_or_render", "/news", |_| {
                    rendering.arrive();
                    b_done.hold_until(1); // finish only once B has stored its page
                    "news by A".to_owned()
                })
            }
        });
        let a = started_rendering(&rendering, a);
        let b = within({
            let (calls, cache) = (calls.clone(), Arc::clone(&cache));
            move || {
                calls.get_or_render(&cache, "B: get_or_render", "/news", |_| {
                    "news by B".to_owned()
                })
            }
        });
        // Drawn now, while A still renders: what B met.
        let run = EXERCISE.run_of(AS_THE_CALLERS_FELT_IT, calls.spans());
        b_done.arrive();
        let Some(b) = b else {
            EXERCISE.fail(format_args!(
                "While A rendered /news, B's get_or_render(\"/news\") waited more than \
                 {PATIENCE:?}: A rendered with a lock held. A read guard is enough to \
                 block B: B's store needs the write lock, which waits for every reader to \
                 leave. Render with no lock held at all.\n{run}"
            ));
        };
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        EXERCISE.check_eq(
            b.as_str(),
            "news by B",
            "B found nothing cached, so it got its own page.",
        );
        EXERCISE.check_eq(
            (a.as_str(), cache.with_page("/news", str::to_owned)),
            ("news by B", Some("news by B".to_owned())),
            format_args!(
                "A finished rendering after B had stored its page. A's store must keep \
                 B's page and A must return it: otherwise B's caller holds a page the \
                 cache no longer has. Between your look (read lock) and your store \
                 (write lock), look again: `entry(url).or_insert(page)` keeps the page \
                 that is there.\n{run}"
            ),
        );
    });
}
