//! What the compiler lets cross a thread boundary, and what it stops.
//!
//! The programs the compiler rejects live in `lessons/lesson-03/rejected/`, outside
//! the crate, and the doc tests below prove that each one is still rejected, with
//! the error the chapter shows. `cargo test -p lesson-03 --doc` runs them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// The accepted twin of `rejected/rc_across_threads.rs`: `Arc` counts its
/// references with atomic operations, so two threads may clone and drop it at the
/// same moment.
///
#[doc = concat!(
    "```compile_fail,E0277\n",
    include_str!("../rejected/rc_across_threads.rs"),
    "```"
)]
// ANCHOR: arc
pub fn arc_across_threads() -> (usize, usize) {
    let visits = Arc::new(vec!["/status/200", "/status/404"]);
    let for_the_thread = Arc::clone(&visits);
    let handle = thread::spawn(move || for_the_thread.len());
    (visits.len(), handle.join().unwrap())
}
// ANCHOR_END: arc

/// The accepted twin of `rejected/refcell_across_threads.rs`: a `Mutex` is the
/// thread-safe `RefCell`, checking "one writer at a time" with a lock instead of a
/// plain flag.
///
#[doc = concat!(
    "```compile_fail,E0277\n",
    include_str!("../rejected/refcell_across_threads.rs"),
    "```"
)]
// ANCHOR: mutex
pub fn mutex_across_threads() -> Vec<u16> {
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let for_the_thread = Arc::clone(&statuses);
    let handle = thread::spawn(move || for_the_thread.lock().unwrap().push(200));
    statuses.lock().unwrap().push(404);
    handle.join().unwrap();
    let mut statuses = statuses.lock().unwrap().clone();
    statuses.sort();
    statuses
}
// ANCHOR_END: mutex

/// The accepted twin of `rejected/data_race.rs`: each increment is one indivisible
/// `fetch_add`, so no increment can be lost between a read and a write.
///
#[doc = concat!(
    "```compile_fail,E0499\n",
    include_str!("../rejected/data_race.rs"),
    "```"
)]
// ANCHOR: atomic
pub fn atomic_counter() -> usize {
    let requests = AtomicUsize::new(0);
    thread::scope(|scope| {
        scope.spawn(|| requests.fetch_add(1, Ordering::Relaxed));
        scope.spawn(|| requests.fetch_add(1, Ordering::Relaxed));
    });
    requests.into_inner()
}
// ANCHOR_END: atomic

#[cfg(test)]
mod tests {
    #[test]
    fn the_accepted_programs_do_what_they_say() {
        assert_eq!(super::arc_across_threads(), (2, 2));
        assert_eq!(super::mutex_across_threads(), vec![200, 404]);
        assert_eq!(super::atomic_counter(), 2);
    }
}
