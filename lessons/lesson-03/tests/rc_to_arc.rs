//! Checks for the `rc_to_arc` exercise: `exercises/lesson-03/rc_to_arc.rs`.

use kit::exercise::Exercise;
use lesson_03::rc_to_arc::{GuestBook, entries, new_book, sign_from_threads};
use std::any::type_name;

const EXERCISE: Exercise = Exercise::new("rc_to_arc", "exercises/lesson-03/rc_to_arc.rs");

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
        sign_from_threads(&book, &guests);
        EXERCISE.check_eq(
            sorted(entries(&book)),
            sorted(guests.map(String::from).to_vec()),
            "Six guests signed from six threads (in any order): the book should hold each \
             name once. An empty book usually means each thread signed its own copy of the \
             book (clone the Arc, which shares; not what is inside it); missing names mean \
             sign_from_threads returned before joining every thread.",
        );
    });
}

#[test]
fn every_handle_shows_the_same_book() {
    EXERCISE.run(|| {
        let book = new_book();
        let other_handle = book.clone();
        sign_from_threads(&book, &["ken", "dennis"]);
        sign_from_threads(&other_handle, &["bjarne"]);
        EXERCISE.check_eq(
            sorted(entries(&book)),
            sorted(vec!["bjarne".into(), "dennis".into(), "ken".into()]),
            "Two handles to one book (a clone of GuestBook), signed through both: each \
             handle should see all three names, because a clone of the handle is the \
             same book.",
        );
        EXERCISE.check_eq(
            entries(&other_handle).len(),
            3,
            "The second handle should see the same three entries.",
        );
    });
}

#[test]
fn nobody_signs_an_empty_guest_list() {
    EXERCISE.run(|| {
        let book = new_book();
        sign_from_threads(&book, &[]);
        EXERCISE.check_eq(
            entries(&book),
            Vec::<String>::new(),
            "No guests, no threads, no entries.",
        );
    });
}
