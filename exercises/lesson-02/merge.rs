//! Exercise `merge`: combine what the worker processes printed.
//!
//! Each worker of the processes version (see `lesson_02::processes`) counts its slice
//! of the list and prints the counts as JSON, like `{"200":9,"404":1}`. The parent
//! gets one such string per worker, and must add them up.
//!
//! Test it: `cargo test -p lesson-02 --test merge`

use crate::Counts;
use crate::processes::MergeError;

// ANCHOR: stub
/// Adds up the counts printed by every worker. A worker whose output is not a JSON
/// object of counts is reported as an error that names it; nothing panics.
pub fn merge(outputs: &[String]) -> Result<Counts, MergeError> {
    // `serde_json::from_str::<Counts>(output)` reads `{"200":9}` into a map from
    // status (u16) to count: JSON keys are strings, and serde_json converts them.
    // Two workers can both have seen a 200: add, don't overwrite.
    todo!("merge the JSON counts of {} workers", outputs.len())
}
// ANCHOR_END: stub
