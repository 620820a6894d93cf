//! # Lesson 10, the capstone: a site-health monitor
//!
//! The chapter is `book/lesson-10-capstone.md`. The talks' Healthcheck Counter, grown
//! into a service: it checks thousands of sites on an interval, keeps the latest status
//! of each, notices changed pages, serves its table and a stream of changes over HTTP,
//! and shuts down without losing anything.
//!
//! The modules below are what the milestones share: the types, a client that reads
//! whole pages, a stand-in client for tests on tokio's paused clock, the HTTP plumbing,
//! the monitor that composes the milestones, and the tools the chapter shows before
//! milestone 6. The milestones themselves are the
//! files you edit in `exercises/lesson-10/`.

pub mod client;
pub mod heartbeat;
pub mod host;
pub mod http;
pub mod monitor;
pub mod stand_in;
pub mod status;
pub mod sync;
pub mod tools;

pub use status::{Change, Checked, Failure, FeedEvent, Fingerprint, Limits, Page, Status};

/// Any error a fetch can end with (the kit's client's error type).
pub use kit::client::Error;

// The exercises, one per milestone. `cargo test -p lesson-10` builds your files from
// `exercises/`; `cargo test -p lesson-10 --features solution` builds the reference
// solutions from `solutions/` instead. The tests in `tests/` are the same for both.
// An untouched exercise is mostly `todo!()`, so its unused names are not news.

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/check_round.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/check_round.rs")]
pub mod check_round;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/status_board.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/status_board.rs")]
pub mod status_board;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/fingerprint.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/fingerprint.rs")]
pub mod fingerprint;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/changes_feed.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/changes_feed.rs")]
pub mod changes_feed;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/serve_state.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/serve_state.rs")]
pub mod serve_state;

#[cfg_attr(not(feature = "solution"), allow(unused))]
#[cfg_attr(not(feature = "solution"), path = "../../../exercises/lesson-10/shutdown.rs")]
#[cfg_attr(feature = "solution", path = "../../../solutions/lesson-10/shutdown.rs")]
pub mod shutdown;
