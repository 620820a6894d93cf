//! The `Mutex` the `with_threads` exercise is written against.
//!
//! In the lesson crate it is the standard library's. The exercise's test compiles
//! the same exercise file a second time, inside the test, next to its own `sync`
//! module whose `Mutex` has the same API and lets another thread in between any two
//! `lock()` calls of one thread: the unlucky moment that loses an update, made
//! certain instead of rare (see `kit::counter_checks::watch`). Lesson 03 shows the
//! same trick with loom.

pub use std::sync::Mutex;
