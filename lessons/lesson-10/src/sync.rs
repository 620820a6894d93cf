//! The lock the status board is written against.
//!
//! In the lesson crate it is the standard library's `RwLock`. The `status_board` test
//! compiles the same exercise file a second time next to its own `sync` module, whose
//! `RwLock` lets another thread in between any two lock calls of one thread (see
//! `kit::counter_checks::watch`): the unlucky moment that reports one change twice,
//! made certain instead of rare.

pub use std::sync::RwLock;
