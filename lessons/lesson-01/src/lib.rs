//! # Lesson 01: generators and coroutines
//!
//! The chapter is `book/lesson-01-generators.md`. The modules below are the code
//! it shows; the exercise modules are the files you edit in `exercises/lesson-01/`.

pub mod flavours;
pub mod generator;
pub mod reader;
pub mod send;
pub mod state_machine;
pub mod tasks;

// The exercises. `cargo test -p lesson-01` builds your files from `exercises/`;
// `cargo test -p lesson-01 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-01/countdown.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-01/countdown.rs")]
pub mod countdown;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-01/averager.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-01/averager.rs")]
pub mod averager;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-01/delegate.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-01/delegate.rs")]
pub mod delegate;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-01/round_robin.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-01/round_robin.rs")]
pub mod round_robin;
