// Wrong: each thread copies the list out of the lock and appends to the copy
// Caught by every_guest_signs_once: "each thread signed its own copy of the book"
//! Exercise `rc_to_arc`: a guest book that several threads sign.
//!
//! The guest book below is written for ONE thread: `Rc` shares it, `RefCell` lets
//! whoever holds it add a line. Make it shareable between threads by choosing the
//! right types, then sign it from one thread per guest.
//!
//! Start by writing `sign_from_threads` with `thread::spawn`, and read what the
//! compiler says about `Rc`. Then change `GuestBook`, `new_book` and `entries` until
//! it is happy. (The chapter shows the same two errors.)
//!
//! Test it: `cargo test -p lesson-03 --test rc_to_arc`

use std::sync::{Arc, Mutex};
use std::thread;

/// The book every guest signs.
pub type GuestBook = Arc<Mutex<Vec<String>>>;

/// An empty book.
pub fn new_book() -> GuestBook {
    Arc::new(Mutex::new(Vec::new()))
}

/// Starts one thread per guest; each thread adds its guest's name to `book`.
/// Returns only once every guest has signed.
pub fn sign_from_threads(book: &GuestBook, guests: &[&str]) {
    let handles: Vec<_> = guests
        .iter()
        .map(|guest| {
            let book = Arc::clone(book);
            let guest = guest.to_string();
            thread::spawn(move || {
                let mut names = book.lock().unwrap().clone();
                names.push(guest);
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("a guest's thread panicked");
    }
}

/// What the book holds now, in the order the guests signed it.
pub fn entries(book: &GuestBook) -> Vec<String> {
    book.lock().unwrap().clone()
}
