//! # Lesson 09: inside the event loop
//!
//! The chapter is `book/lesson-09-event-loop-networking.md`. The modules below are
//! the code it shows; the exercise modules are the files you edit in
//! `exercises/lesson-09/`.

pub mod first_draft;
pub mod frame;
pub mod load;
pub mod options;
pub mod parse;
pub mod per_core;
pub mod reactor;
pub mod reactor_echo;
pub mod sockets;

// The exercises. `cargo test -p lesson-09` builds your files from `exercises/`;
// `cargo test -p lesson-09 --features solution` builds the reference solutions
// from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-09/frame_codec.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-09/frame_codec.rs")]
pub mod frame_codec;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-09/reactor_turn.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-09/reactor_turn.rs")]
pub mod reactor_turn;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-09/backpressure_echo.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-09/backpressure_echo.rs")]
pub mod backpressure_echo;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-09/idle_timeout.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-09/idle_timeout.rs")]
pub mod idle_timeout;
