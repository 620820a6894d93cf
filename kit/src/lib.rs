//! Support shared by the lessons.
//!
//! - [`exercise`]: what an exercise test says when it fails.
//! - [`sites`]: the sites of the slow-websites server, and seeded lists of them.
//! - [`server`] (feature `server`): the local slow-websites HTTP server.

pub mod exercise;
#[cfg(feature = "server")]
pub mod server;
pub mod sites;
