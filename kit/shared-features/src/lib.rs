//! Empty on purpose: this crate only asks for features (see its Cargo.toml), so that
//! `cargo test -p lesson-NN` builds the shared dependencies once for every lesson.
