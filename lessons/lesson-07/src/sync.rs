//! The `Mutex` and `Condvar` that the `counting_semaphore` exercise is written against.
//!
//! In the lesson crate they are the standard library's. The exercise's test compiles
//! the exercise file a second time, inside the test, next to a `sync` module of its
//! own: a watched `Mutex` and `Condvar` with the same API, which see who sleeps, who
//! is woken and when. With them the test can make the rare moments certain: a thread
//! woken before the permit it was woken for is back, two permits returned before
//! either woken thread runs, a permit taken back before the woken thread looks.
//! Lesson 06's `bank_transfer` does the same with its accounts' locks.

pub use std::sync::{Condvar, Mutex, MutexGuard};
