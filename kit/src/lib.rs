//! Support shared by the lessons.
//!
//! - [`client`] (feature `client`): the async HTTP client the lessons share.
//! - [`cpu`]: CPU time used by a thread or the process, to tell waiting from busy waiting.
//! - [`counter_checks`] (feature `server`): the checks every Healthcheck Counter exercise shares.
//! - [`exercise`]: what an exercise test says when it fails.
//! - [`load`]: how a server slows down as it gets busy (the Universal Scalability Law).
//! - [`sites`]: the sites of the slow-websites server, and seeded lists of them.
//! - [`server`] (feature `server`): the local slow-websites HTTP server.
//! - [`lesson`]: `cargo test -p lesson-NN`, every exercise in the chapter's order and a table.
//! - [`timeline`]: who ran when, recorded from real runs and drawn as SVG.
//! - [`plot`]: measured results as an SVG line plot.
//! - [`primes`]: the talk's prime test, the workbook's CPU-bound work.
//! - [`rounds`]: repeated runs, interleaved in rounds, and their median and spread.
//! - [`twin`] (feature `twin`): the talks' Python, run beside the Rust by the demos.
//! - [`side_by_side`] (features `server` and `twin`): versions of the Healthcheck Counter,
//!   Rust and Python, measured in rounds against one server; their medians and spread.

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod counter_checks;
pub mod cpu;
pub mod exercise;
pub mod lesson;
pub mod load;
pub mod plot;
pub mod primes;
pub mod rounds;
#[cfg(feature = "server")]
pub mod server;
#[cfg(all(feature = "server", feature = "twin"))]
pub mod side_by_side;
pub mod sites;
mod svg;
pub mod timeline;
#[cfg(feature = "twin")]
pub mod twin;
