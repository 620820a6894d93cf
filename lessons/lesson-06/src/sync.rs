//! The atomics and the `Mutex` that the `spin_lock` and `bank_transfer` exercises are
//! written against.
//!
//! In the lesson crate they are the standard library's. Each of those exercises' tests
//! compiles the exercise file a second time, inside the test, next to a `sync` module
//! of its own: loom's atomics for the spin lock (loom then runs two threads through
//! it in every order they could run in), and a watched `Mutex` for the bank (it sees
//! which thread holds which account, so the test can force a deadlock and name it).
//! Lesson 03's `tickets` exercise introduced this "`sync` facade".

pub use std::hint;
pub use std::sync::Mutex;
pub use std::sync::atomic;
