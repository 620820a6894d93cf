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

use std::cell::RefCell;
use std::rc::Rc;
use std::thread;

// ANCHOR: stub
/// The book every guest signs. Change this type.
pub type GuestBook = Rc<RefCell<Vec<String>>>;

/// An empty book.
pub fn new_book() -> GuestBook {
    Rc::new(RefCell::new(Vec::new()))
}

/// Starts one thread per guest; each thread adds its guest's name to `book`.
/// Returns only once every guest has signed.
pub fn sign_from_threads(book: &GuestBook, guests: &[&str]) {
    // Each thread needs its own handle to the SAME book (clone the handle, not the
    // book) and its own copy of the name (`guest.to_string()`): a plain
    // `thread::spawn` thread may outlive this function, so it cannot borrow.
    todo!(
        "spawn {} threads, each signing the shared book, and join them all",
        guests.len()
    )
}

/// What the book holds now, in the order the guests signed it.
pub fn entries(book: &GuestBook) -> Vec<String> {
    book.borrow().clone()
}
// ANCHOR_END: stub
