//! What `cargo test -p lesson-02` runs: the tests of every exercise, in the chapter's
//! order, each on its own, then a table of where each one stands (see `kit::lesson`).
//! `cargo test -p lesson-02 --test <exercise>` runs one exercise's tests.

use std::process::ExitCode;

/// The exercises' test files, in the order of the chapter and of `Cargo.toml`.
const EXERCISES: &[&str] = &[
    "sequential",
    "merge",
    "with_threads",
    "with_tasks",
    "rayon_primes",
];

fn main() -> ExitCode {
    kit::lesson::test_all(
        env!("CARGO_PKG_NAME"),
        EXERCISES,
        cfg!(feature = "solution"),
    )
}
