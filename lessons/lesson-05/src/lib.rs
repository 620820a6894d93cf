//! # Lesson 05: async/await
//!
//! The chapter is `book/lesson-05-async-await.md`. The modules below are the code it
//! shows; the exercise modules are the files you edit in `exercises/lesson-05/`.

use std::collections::BTreeMap;

pub mod awaitable;
pub mod by_hand;
pub mod callbacks;
pub mod fetch;
pub mod future_trait;
pub mod gate;
pub mod probe;
pub mod store;
pub mod streams;
pub mod tour;

// ANCHOR: report
/// Any error a fetch can end with (the kit's client's error type).
pub use kit::client::Error;

/// How many sites answered with each status: the Healthcheck Counter's result.
pub type Counts = BTreeMap<u16, usize>;

/// What a Healthcheck Counter with timeouts reports: the statuses of the sites that
/// answered in time, and how many did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub counts: Counts,
    pub timed_out: usize,
}
// ANCHOR_END: report

// The exercises. `cargo test -p lesson-05` builds your files from `exercises/`;
// `cargo test -p lesson-05 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/countdown_future.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/countdown_future.rs")]
pub mod countdown_future;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/block_on.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/block_on.rs")]
pub mod block_on;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/run_queue.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/run_queue.rs")]
pub mod run_queue;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/timeouts.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/timeouts.rs")]
pub mod timeouts;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/hedged.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/hedged.rs")]
pub mod hedged;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-05/lost_update.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-05/lost_update.rs")]
pub mod lost_update;
