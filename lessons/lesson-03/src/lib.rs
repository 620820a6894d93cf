//! # Lesson 03: shared state and the GIL analogy
//!
//! The chapter is `book/lesson-03-shared-state-gil.md`. The modules below are the
//! code it shows; the exercise modules are the files you edit in
//! `exercises/lesson-03/`.

use std::collections::BTreeMap;

pub mod fetch;
pub mod gil;
pub mod handles;
pub mod races;
pub mod send_sync;
pub mod sync;
pub mod workload;

// ANCHOR: types
/// How many sites answered with each status: the Healthcheck Counter's result.
pub type Counts = BTreeMap<u16, usize>;

/// Any error a fetch can end with. `Send + Sync`, so a thread can hand one back.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
// ANCHOR_END: types

// The exercises. `cargo test -p lesson-03` builds your files from `exercises/`;
// `cargo test -p lesson-03 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/rc_to_arc.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/rc_to_arc.rs")]
pub mod rc_to_arc;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/tickets.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/tickets.rs")]
pub mod tickets;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/allow_threads.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/allow_threads.rs")]
pub mod allow_threads;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/shared_map.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/shared_map.rs")]
pub mod shared_map;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-03/merged_map.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-03/merged_map.rs")]
pub mod merged_map;
