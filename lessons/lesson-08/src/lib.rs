//! # Lesson 08: spawn_blocking
//!
//! The chapter is `book/lesson-08-spawn-blocking.md`. The modules below are the code it
//! shows; the exercise modules are the files you edit in `exercises/lesson-08/`.

pub mod hash;
pub mod heartbeat;
pub mod in_place;
pub mod pool;
pub mod primes;
pub mod server;
pub mod stall;
pub mod talk;

// The exercises. `cargo test -p lesson-08` builds your files from `exercises/`;
// `cargo test -p lesson-08 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-08/blocking_read.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-08/blocking_read.rs")]
pub mod blocking_read;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-08/rayon_handoff.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-08/rayon_handoff.rs")]
pub mod rayon_handoff;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-08/choose_blocking.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-08/choose_blocking.rs")]
pub mod choose_blocking;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-08/hashing_handler.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-08/hashing_handler.rs")]
pub mod hashing_handler;
