// Wrong: starts a thread per guest and returns, trusting the threads to finish on time
// Caught by every_guest_signs_once: "still waiting to sign"
// Draws: "[xxx"
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
    for guest in guests {
        let book = Arc::clone(book);
        let guest = guest.to_string();
        thread::spawn(move || book.lock().unwrap().push(guest));
    }
}

/// What the book holds now, in the order the guests signed it.
pub fn entries(book: &GuestBook) -> Vec<String> {
    book.lock().unwrap().clone()
}
