//! # Lesson 07: semaphores
//!
//! The chapter is `book/lesson-07-semaphores.md`. The modules below are the code it
//! shows; the exercise modules are the files you edit in `exercises/lesson-07/`.

use std::collections::BTreeMap;

pub mod batches;
pub mod host;
pub mod open_files;
pub mod stand_in;
pub mod sync;
pub mod tour;

// ANCHOR: types
/// Any error a fetch can end with (the kit's client's error type).
pub use kit::client::Error;

/// How many sites answered with each status: the Healthcheck Counter's result.
pub type Counts = BTreeMap<u16, usize>;
// ANCHOR_END: types

// The exercises. `cargo test -p lesson-07` builds your files from `exercises/`;
// `cargo test -p lesson-07 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-07/bounded.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-07/bounded.rs")]
pub mod bounded;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-07/as_completed.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-07/as_completed.rs")]
pub mod as_completed;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-07/counting_semaphore.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-07/counting_semaphore.rs")]
pub mod counting_semaphore;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-07/per_host.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-07/per_host.rs")]
pub mod per_host;
