//! # Lesson 04: green threads
//!
//! The chapter is `book/lesson-04-green-threads.md`.

use std::collections::BTreeMap;

pub mod fetch;

// ANCHOR: types
/// How many sites answered with each status: the Healthcheck Counter's result.
pub type Counts = BTreeMap<u16, usize>;

/// Any error a fetch can end with.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
// ANCHOR_END: types
pub mod greenlets;
pub mod scheduler;

pub use scheduler::configure;

// ANCHOR: json
/// The counts as the talk's programs print them: `{"200":28,"404":1}`.
pub fn to_json(counts: &Counts) -> String {
    serde_json::to_string(counts).expect("a map of numbers always serializes")
}
// ANCHOR_END: json

// The exercises. `cargo test -p lesson-04` builds your files from `exercises/`;
// `cargo test -p lesson-04 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-04/foo_and_bar.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-04/foo_and_bar.rs")]
pub mod foo_and_bar;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-04/nap.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-04/nap.rs")]
pub mod nap;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-04/greenlet_pool.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-04/greenlet_pool.rs")]
pub mod greenlet_pool;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-04/channel_pipeline.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-04/channel_pipeline.rs")]
pub mod channel_pipeline;
