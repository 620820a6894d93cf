//! The atomics and the `Mutex` the exercises are written against.
//!
//! In the lesson crate these are the standard library's. An exercise's test compiles
//! the same exercise file a second time, inside the test, next to its own `sync`
//! module that names other types with the same API:
//!
//! - for `tickets`, loom's atomics, which loom then runs in every order the two
//!   threads could run in. This is loom's "`sync` facade" pattern; the test, not a
//!   `--cfg loom` flag, decides which atomics the file gets.
//! - for `shared_map`, a `Mutex` that lets another thread in between any two
//!   `lock()` calls of one thread (`kit::counter_checks::watch`): the unlucky moment
//!   that loses an update, made certain instead of rare.

pub use std::sync::Mutex;
pub use std::sync::atomic;
