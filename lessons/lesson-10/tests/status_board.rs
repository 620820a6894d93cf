//! Checks for milestone 2, `status_board`: `exercises/lesson-10/status_board.rs`.
//!
//! Most checks use your board as the lesson builds it, on the standard library's
//! `RwLock`. The race check compiles your file a second time, here, against a watched
//! lock (`kit::counter_checks::watch`, behind the `RwLock` API): it lets another
//! thread in between any two lock calls of one thread, so a status compared under one
//! lock and recorded under another is reported twice on every run, not once in a
//! while.

use kit::exercise::Exercise;
use kit::timeline::{Lane, Timeline};
use lesson_10::status_board::StatusBoard;
use lesson_10::{Change, Status};
use std::sync::{Arc, Barrier};
use std::thread;

const EXERCISE: Exercise = Exercise::new("status_board", "exercises/lesson-10/status_board.rs");

/// What `crate::sync` names in the exercise file when this test compiles it: an
/// `RwLock` whose `read` and `write` both take one watched `Mutex`.
#[allow(dead_code)]
mod sync {
    use kit::counter_checks::watch::{Mutex, MutexGuard};
    use std::sync::LockResult;

    #[derive(Debug)]
    pub struct RwLock<T>(Mutex<T>);

    impl<T> RwLock<T> {
        pub const fn new(value: T) -> Self {
            RwLock(Mutex::new(value))
        }
        pub fn read(&self) -> LockResult<MutexGuard<'_, T>> {
            self.0.lock()
        }
        pub fn write(&self) -> LockResult<MutexGuard<'_, T>> {
            self.0.lock()
        }
    }

    impl<T: Default> Default for RwLock<T> {
        fn default() -> Self {
            RwLock::new(T::default())
        }
    }
}

// Your file again, against the watched lock. An untouched exercise is mostly
// `todo!()`, so its unused names are not news.
#[cfg_attr(not(feature = "solution"), allow(unused))]
#[allow(dead_code)]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/status_board.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/status_board.rs")]
mod watched_board;

const fn up(page: u64) -> Status {
    Status::Answered { code: 200, page }
}

#[test]
fn a_new_site_is_a_change() {
    EXERCISE.run(|| {
        let board = StatusBoard::new();
        EXERCISE.check_eq(
            board.record("a", up(1)),
            Some(Change {
                site: "a".into(),
                from: None,
                to: up(1),
            }),
            "the first status of a site is a change, from `None`: subscribers learn of the \
             new site.",
        );
        EXERCISE.check_eq(
            board.get("a"),
            Some(up(1)),
            "the board keeps the status recorded.",
        );
        EXERCISE.check_eq(board.get("b"), None, "a site never checked has no status.");
    });
}

#[test]
fn the_same_status_is_no_change() {
    EXERCISE.run(|| {
        let board = StatusBoard::new();
        board.record("a", up(1));
        EXERCISE.check_eq(
            board.record("a", up(1)),
            None,
            "recording the status a site already has is no change: return `None`, or every \
             round would tell the subscribers about every site.",
        );
        EXERCISE.check_eq(
            board.record("a", Status::TimedOut),
            Some(Change {
                site: "a".into(),
                from: Some(up(1)),
                to: Status::TimedOut,
            }),
            "a different status is a change, from the old one to the new.",
        );
        EXERCISE.check_eq(
            board.record("a", up(2)).map(|change| change.from),
            Some(Some(Status::TimedOut)),
            "the change's `from` is the status recorded just before.",
        );
        EXERCISE.check_eq(
            board.snapshot().into_iter().collect::<Vec<_>>(),
            vec![("a".to_owned(), up(2))],
            "the snapshot has every site once, with its latest status.",
        );
    });
}

#[test]
fn a_new_page_is_a_change() {
    EXERCISE.run(|| {
        let board = StatusBoard::new();
        board.record("a", up(1));
        EXERCISE.check_eq(
            board.record("a", up(2)),
            Some(Change {
                site: "a".into(),
                from: Some(up(1)),
                to: up(2),
            }),
            "a site that answers 200 again, with another page (another fingerprint), has \
             changed: that is what the fingerprints are for. Compare the whole `Status` \
             (`==`), not only its code or its kind.",
        );
    });
}

#[test]
fn a_snapshot_has_every_site() {
    EXERCISE.run(|| {
        let board = StatusBoard::new();
        for (i, site) in ["c", "a", "b"].iter().enumerate() {
            board.record(site, up(i as u64));
        }
        let sites: Vec<String> = board.snapshot().into_keys().collect();
        EXERCISE.check_eq(
            sites,
            vec!["a", "b", "c"],
            "the snapshot has every site, sorted.",
        );
    });
}

#[test]
fn two_writers_one_change() {
    EXERCISE.run(|| {
        let board = Arc::new(watched_board::StatusBoard::new());
        board.record("a", up(1));
        // Two checks of site a end at once with the same new status: one change.
        let timeline = Timeline::new();
        let start = Arc::new(Barrier::new(2));
        let writers: Vec<_> = (0..2)
            .map(|_| {
                let (board, start, timeline) = (board.clone(), start.clone(), timeline.clone());
                thread::spawn(move || {
                    start.wait();
                    let recording = timeline.begin(Lane::this_thread(), "record(a, 500)");
                    let change = board.record("a", Status::Answered { code: 500, page: 1 });
                    recording.end(if change.is_some() {
                        "change"
                    } else {
                        "no change"
                    });
                    change
                })
            })
            .collect();
        let changes: Vec<Option<Change>> = writers
            .into_iter()
            .map(|writer| writer.join().expect("a writer panicked"))
            .collect();
        let told = changes.iter().filter(|change| change.is_some()).count();
        let why = if told == 0 {
            "Neither thread was told, so subscribers never hear of it: from a status of \
             200 to one of 500 is a change, even if both are answers. Compare the whole \
             `Status` (`==`), not its kind."
        } else {
            "Both threads were told, so subscribers would hear of it twice: each compared \
             under one lock call and recorded under another, and the other thread compared \
             in between. Compare and record under ONE `write()`."
        };
        EXERCISE.check_eq(
            told,
            1,
            format_args!(
                "two writers recorded the same new status of site a at the same moment: one \
                 change between them. {why}\n{}",
                EXERCISE.run_of(
                    "a row per writer thread, [=== its call to `record`",
                    timeline.spans()
                )
            ),
        );
    });
}
