//! The atomics the `tickets` exercise is written against.
//!
//! In the lesson crate these are the standard library's. The exercise's loom test
//! compiles the same exercise file a second time, inside the test, next to its own
//! `sync` module that names loom's atomics instead; loom then runs the two threads in
//! every order they could run in. This is loom's "`sync` facade" pattern; the test,
//! not a `--cfg loom` flag, decides which atomics the file gets.

pub use std::sync::atomic;
