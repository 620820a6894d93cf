//! # Lesson 02: concurrency versus parallelism
//!
//! The chapter is `book/lesson-02-concurrency-parallelism.md`. The modules below are
//! the code it shows; the exercise modules are the files you edit in
//! `exercises/lesson-02/`.

use std::collections::BTreeMap;

pub mod fetch;
pub mod primes;
pub mod processes;
pub mod sync;
pub mod tasks;
pub mod threads;

// ANCHOR: types
/// How many sites answered with each status: the Healthcheck Counter's result.
/// Sorted by status, so it prints the same way every time.
pub type Counts = BTreeMap<u16, usize>;

/// Any error a fetch can end with. Boxed, so that the blocking client's errors, the
/// async client's errors and a task that panicked all fit, and `?` converts each.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
// ANCHOR_END: types

// ANCHOR: json
/// The counts as the talk's programs print them: `{"200":28,"404":1}`.
pub fn to_json(counts: &Counts) -> String {
    serde_json::to_string(counts).expect("a map of numbers always serializes")
}
// ANCHOR_END: json

// The exercises. `cargo test -p lesson-02` builds your files from `exercises/`;
// `cargo test -p lesson-02 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/sequential.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/sequential.rs")]
pub mod sequential;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/with_threads.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/with_threads.rs")]
pub mod with_threads;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/merge.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/merge.rs")]
pub mod merge;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/with_tasks.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/with_tasks.rs")]
pub mod with_tasks;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-02/rayon_primes.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-02/rayon_primes.rs")]
pub mod rayon_primes;
