//! # Lesson 06: locks
//!
//! The chapter is `book/lesson-06-locks.md`. The modules below are the code it
//! shows; the exercise modules are the files you edit in `exercises/lesson-06/`.

use std::collections::BTreeMap;

pub mod across_await;
pub mod actor;
pub mod basics;
pub mod contention;
pub mod journal;
pub mod sync;

/// How many sites answered with each status: the Healthcheck Counter's result.
pub type Counts = BTreeMap<u16, usize>;

// The exercises. `cargo test -p lesson-06` builds your files from `exercises/`;
// `cargo test -p lesson-06 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/spin_lock.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/spin_lock.rs")]
pub mod spin_lock;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/bank_transfer.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/bank_transfer.rs")]
pub mod bank_transfer;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/page_cache.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/page_cache.rs")]
pub mod page_cache;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/ledger.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/ledger.rs")]
pub mod ledger;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-06/guard_across_await.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-06/guard_across_await.rs")]
pub mod guard_across_await;
