//! Checks for the `rc_to_arc` exercise: `exercises/lesson-03/rc_to_arc.rs`.

use kit::exercise::Exercise;
use kit::timeline::{ABANDONED, Lane, Running, Timeline, WAITING};
use lesson_03::rc_to_arc::{GuestBook, entries, new_book, sign_from_threads};
use std::any::type_name;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

const EXERCISE: Exercise = Exercise::new("rc_to_arc", "exercises/lesson-03/rc_to_arc.rs");

/// How a failure introduces the run it draws.
const AS_THE_TEST_SAW_IT: &str = "as the test saw it (a row per thread; [=== the test holding \
     the book's lock, and sign_from_threads from its call to its return; ... a guest's thread \
     waiting for the lock to sign, from when the test saw its handle to the book; xxx still \
     waiting after sign_from_threads had returned)";

/// The row of the test's hold on the book's lock.
const THE_TEST: &str = "lock held by the test";

/// Whether a type implements a marker trait, as a `bool` instead of a compile error,
/// so that the test can explain. Method lookup prefers an inherent method to a trait
/// method, but only when the inherent impl's bound holds; otherwise it falls back to
/// the trait's `false`.
macro_rules! implements {
    ($type:ty: $bound:path) => {{
        struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
        #[allow(dead_code)] // one of the two `holds` is never called
        trait Otherwise {
            fn holds(&self) -> bool {
                false
            }
        }
        impl<T: ?Sized> Otherwise for Probe<T> {}
        #[allow(dead_code)]
        impl<T: ?Sized + $bound> Probe<T> {
            fn holds(&self) -> bool {
                true
            }
        }
        Probe::<$type>(std::marker::PhantomData).holds()
    }};
}

/// `Rc<RefCell<Vec<String>>>`, without the module paths `type_name` adds.
fn short_type_name<T: ?Sized>() -> String {
    type_name::<T>()
        .split_inclusive(|c: char| "<>,;()[]& ".contains(c))
        .map(|piece| piece.rsplit("::").next().unwrap_or(piece))
        .collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// What the test can see of a `GuestBook`, whatever type the learner chose: for an
/// `Arc`, how many handles exist; for an `Arc<Mutex<..>>`, its lock. Method lookup
/// prefers an inherent method, when its impl fits the type, to the trait's. (Which
/// of them is never called depends on the type: not news.)
#[allow(dead_code)]
struct Look<'a, T>(&'a T);

#[allow(dead_code)]
trait Opaque {
    fn handles(&self) -> Option<usize> {
        None
    }

    fn hold_the_lock(&self, _guests: usize, _timeline: &Timeline) -> Option<Holder> {
        None
    }
}

impl<T> Opaque for Look<'_, T> {}

#[allow(dead_code)]
impl<U: ?Sized> Look<'_, Arc<U>> {
    fn handles(&self) -> Option<usize> {
        Some(Arc::strong_count(self.0))
    }
}

#[allow(dead_code)]
impl<V: Send + 'static> Look<'_, Arc<Mutex<V>>> {
    /// Takes the book's lock on another thread and keeps it while the test signs:
    /// no guest's thread can sign until it is let go. It is let go once every
    /// guest's thread exists (each holds a handle) and [`Holder::GRACE`] more has
    /// passed, or after [`Holder::LONGEST`]. On `timeline`: the hold, and each guest's
    /// thread waiting for it from when its handle appeared.
    fn hold_the_lock(&self, guests: usize, timeline: &Timeline) -> Option<Holder> {
        let book = Arc::clone(self.0);
        let timeline = timeline.clone();
        let (held, is_held) = mpsc::channel();
        let (signed, has_signed) = mpsc::channel();
        let (answer, verdict) = mpsc::channel();
        let thread = thread::spawn(move || {
            let lock = book.lock().unwrap_or_else(PoisonError::into_inner);
            let hold = timeline.begin(Lane::named(THE_TEST), "holds the book's lock");
            // The handles that are not guests': the test's, and this one.
            let theirs = Arc::strong_count(&book);
            // A row for each guest's thread, from when its handle to the book is seen.
            let mut waiting: Vec<Running> = Vec::new();
            let see_new_guests = |waiting: &mut Vec<Running>, label: &str| {
                while theirs + waiting.len() < Arc::strong_count(&book) {
                    let lane = Lane::named(format!("guest thread {}", waiting.len() + 1));
                    waiting.push(timeline.begin(lane, label));
                }
            };
            held.send(())
                .expect("the test waits for the lock to be held");
            // The test's handle, this one, and one for each guest's thread.
            let all_started = 2 + guests;
            let since = Instant::now();
            let mut all_started_at = None;
            let returned_meanwhile = loop {
                see_new_guests(&mut waiting, "waiting to sign");
                match has_signed.recv_timeout(Duration::from_millis(1)) {
                    Ok(()) => break true,
                    Err(RecvTimeoutError::Disconnected) => break false,
                    Err(RecvTimeoutError::Timeout) => {}
                }
                if all_started_at.is_none() && Arc::strong_count(&book) >= all_started {
                    all_started_at = Some(Instant::now());
                }
                let waited = match all_started_at {
                    Some(at) => at.elapsed() > Holder::GRACE,
                    None => since.elapsed() > Holder::LONGEST,
                };
                if waited {
                    break false;
                }
            };
            // sign_from_threads has returned, and every guest's thread still waits to
            // sign: nothing waited for them. (Those started since the last look are
            // seen only now.)
            const LEFT_BEHIND: &str = "still waiting after the return";
            if returned_meanwhile {
                waiting = waiting
                    .into_iter()
                    .map(|wait| wait.then(WAITING, LEFT_BEHIND))
                    .collect();
                see_new_guests(&mut waiting, LEFT_BEHIND);
            }
            drop(lock);
            hold.end("held");
            let kind = if returned_meanwhile {
                ABANDONED
            } else {
                WAITING
            };
            for wait in waiting {
                wait.end(kind);
            }
            let _ = answer.send(returned_meanwhile);
        });
        is_held.recv().expect("the holding thread takes the lock");
        Some(Holder {
            signed,
            verdict,
            thread,
        })
    }
}

/// A thread holding the book's lock (see `hold_the_lock`).
#[allow(dead_code)]
struct Holder {
    signed: mpsc::Sender<()>,
    verdict: mpsc::Receiver<bool>,
    thread: thread::JoinHandle<()>,
}

#[allow(dead_code)]
impl Holder {
    /// How long the lock stays held once every guest's thread exists: a
    /// sign_from_threads that does not join returns within microseconds of starting
    /// its last thread; one that joins cannot return before the lock is let go.
    const GRACE: Duration = Duration::from_millis(200);
    /// How long it stays held if the guests' threads hold no handle of their own
    /// (scoped threads that borrow the book).
    const LONGEST: Duration = Duration::from_secs(1);

    /// Tells the holder that sign_from_threads has returned; true if it returned
    /// while the lock was still held, that is, before any guest could sign.
    fn returned_while_held(self) -> bool {
        let _ = self.signed.send(());
        let verdict = self.verdict.recv().unwrap_or(false);
        let _ = self.thread.join();
        verdict
    }
}

/// Signs `guests` into `book`, and fails if sign_from_threads returned before its
/// threads had signed.
fn sign_and_wait(book: &GuestBook, guests: &[&str]) {
    let timeline = Timeline::new();
    let holder = Look(book).hold_the_lock(guests.len(), &timeline);
    let call = timeline.begin(Lane::named("sign_from_threads"), "the call");
    sign_from_threads(book, guests);
    call.end("returned");
    let returned_early = holder.is_some_and(Holder::returned_while_held);
    EXERCISE.check(
        !returned_early,
        format_args!(
            "sign_from_threads returned while the threads it started for {} guest(s) were \
             still waiting to sign: the test held the book's lock, so none of them could \
             have signed, and nothing waited for them. Join every handle before returning: \
             `for handle in handles {{ handle.join().unwrap(); }}`. A thread nobody joins \
             may not have done its work yet when the function returns.\n{}\n  \
             Expected: sign_from_threads returns after the test lets go of the lock, once \
             every guest has signed.",
            guests.len(),
            EXERCISE.run_of(AS_THE_TEST_SAW_IT, timeline.spans())
        ),
    );
}

/// Checks what the book holds (in any order) against `expected`; otherwise fails
/// with `what` and the likeliest reason. `ours` is how many handles to the book the
/// test itself holds.
fn check_entries(book: &GuestBook, ours: usize, expected: &[&str], what: &str) {
    let still_running = Look(book).handles().map_or(0, |handles| handles - ours);
    let got = sorted(entries(book));
    let expected = sorted(expected.iter().map(|name| name.to_string()).collect());
    if got == expected {
        return;
    }
    let why = if got.iter().any(|name| !expected.contains(name)) {
        "The book holds names that were never signed into it: new_book() must make a \
         new, empty book each time. A `static` book (like a module-level list in Python) \
         is one book shared by every caller."
            .to_owned()
    } else if still_running > 0 {
        format!(
            "{still_running} threads still hold a handle to the book: sign_from_threads \
             returned before every thread had signed. Join them all before returning."
        )
    } else if got.is_empty() {
        "The book is empty: each thread signed its own copy of the book. Clone the `Arc` \
         (a second handle to the same book), not what is inside it."
            .to_owned()
    } else {
        "Some names are missing: every guest's thread must sign, and sign_from_threads \
         must return only after all of them have."
            .to_owned()
    };
    EXERCISE.fail(format_args!(
        "{what}\n  {why}\n\n  expected: {expected:?}\n       got: {got:?}"
    ));
}

#[test]
fn the_book_can_cross_threads() {
    EXERCISE.run(|| {
        let name = short_type_name::<GuestBook>();
        EXERCISE.check(
            implements!(GuestBook: Send),
            format_args!(
                "GuestBook is {name}, which is not Send: the compiler will not move it into \
                 another thread. Rc's reference count is a plain number, and two threads \
                 cloning it at once could lose an update. Arc counts atomically."
            ),
        );
        EXERCISE.check(
            implements!(GuestBook: Sync),
            format_args!(
                "GuestBook is {name}, which is not Sync: two threads may not use it at the \
                 same time. A RefCell's \"already borrowed\" flag is a plain number too; \
                 a Mutex does the same job with a lock."
            ),
        );
    });
}

#[test]
fn every_guest_signs_once() {
    EXERCISE.run(|| {
        let guests = ["ada", "barbara", "edsger", "grace", "leslie", "tony"];
        let book = new_book();
        sign_and_wait(&book, &guests);
        check_entries(
            &book,
            1,
            &guests,
            "Six guests signed from six threads (in any order): the book should hold each \
             name once.",
        );
    });
}

#[test]
fn every_handle_shows_the_same_book() {
    EXERCISE.run(|| {
        let book = new_book();
        let other_handle = GuestBook::clone(&book);
        sign_and_wait(&book, &["ken", "dennis"]);
        sign_and_wait(&other_handle, &["bjarne"]);
        let all = ["bjarne", "dennis", "ken"];
        let what = "Two handles to one book (a clone of GuestBook), signed through both: \
                    each handle should see all three names, because a clone of the handle \
                    is the same book.";
        check_entries(&book, 2, &all, what);
        EXERCISE.check(
            !entries(&other_handle).is_empty(),
            "entries(&book) found the three names, and then entries(&other_handle) found \
             none: reading the book emptied it. entries should look at the book and leave \
             it as it was: clone what is inside, do not take it out (`mem::take`, \
             `drain`).",
        );
        check_entries(&other_handle, 2, &all, what);
    });
}

#[test]
fn two_books_are_two_books() {
    EXERCISE.run(|| {
        let first = new_book();
        let second = new_book();
        sign_and_wait(&first, &["ada"]);
        sign_and_wait(&second, &["alan"]);
        check_entries(
            &first,
            1,
            &["ada"],
            "Ada signed the first book, and only she did.",
        );
        check_entries(
            &second,
            1,
            &["alan"],
            "Alan signed the second book, and only he did.",
        );
    });
}

#[test]
fn nobody_signs_an_empty_guest_list() {
    EXERCISE.run(|| {
        let book = new_book();
        sign_from_threads(&book, &[]);
        check_entries(&book, 1, &[], "No guests, no threads, no entries.");
    });
}
