// Wrong: leaves out a worker whose output does not parse, and merges the rest
// Caught by a_worker_that_printed_nonsense_is_named: "leaving worker 1 out"
//! Exercise `merge`: combine what the worker processes printed.
//!
//! Each worker of the processes version (see `lesson_02::processes`) counts its slice
//! of the list and prints the counts as JSON, like `{"200":9,"404":1}`. The parent
//! gets one such string per worker, and must add them up.
//!
//! Test it: `cargo test -p lesson-02 --test merge`

use crate::Counts;
use crate::processes::MergeError;

/// Adds up the counts printed by every worker. A worker whose output is not a JSON
/// object of counts is reported as an error that names it; nothing panics.
pub fn merge(outputs: &[String]) -> Result<Counts, MergeError> {
    let mut total = Counts::new();
    for output in outputs {
        let Ok(counts) = serde_json::from_str::<Counts>(output) else {
            continue;
        };
        for (status, count) in counts {
            *total.entry(status).or_insert(0) += count;
        }
    }
    Ok(total)
}
