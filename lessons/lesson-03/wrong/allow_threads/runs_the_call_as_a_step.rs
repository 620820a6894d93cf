// Wrong: runs the blocking closure as one step, trusting the switch interval to let others in
// Caught by another_thread_runs_while_one_waits: "release it BEFORE running the closure"
// Draws: "[xxx"
//! Exercise `allow_threads`: let go of the GIL while you wait.
//!
//! A C extension that blocks (reads a socket, sleeps, waits on a queue) while
//! holding the GIL stops every other Python thread for as long as it waits. CPython's
//! own blocking calls wrap the wait in `Py_BEGIN_ALLOW_THREADS` and
//! `Py_END_ALLOW_THREADS`; PyO3, the Rust library for writing Python extensions,
//! wraps the same pair in a method that takes a closure. Write that method for the
//! lesson's `Gil`.
//!
//! `Holding` (in `lessons/lesson-03/src/gil.rs`) has the two halves: `release()` and
//! `reacquire()`.
//!
//! Test it: `cargo test -p lesson-03 --test allow_threads`

use crate::gil::Holding;

impl Holding<'_> {
    /// Runs `blocking` with the GIL released, so that other threads can run steps
    /// while it waits, and takes the GIL back before returning its result.
    ///
    /// The closure cannot use `self`: `allow_threads` borrows it for the whole call.
    /// That is how Rust makes "no Python while the GIL is released" a compile error.
    pub fn allow_threads<T>(&mut self, blocking: impl FnOnce() -> T) -> T {
        // A step offers the GIL to waiting threads every switch interval.
        self.step(blocking)
    }
}
