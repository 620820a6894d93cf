//! Threads that own what they use, and hand back what they found.
//!
//! The pattern behind the `shared_map` and `merged_map` exercises, on work that
//! needs no network: start every thread first, keep the handles, join afterwards.

use crate::Error;
use std::thread;

// ANCHOR: handles
/// Starts one thread per word, all at once, and adds up the lengths they return.
/// An empty word is an error, passed on to the caller.
pub fn total_length(words: &[&str]) -> Result<usize, Error> {
    let handles: Vec<thread::JoinHandle<Result<usize, Error>>> = words
        .iter()
        .map(|word| {
            // `thread::spawn` needs a closure that owns everything it uses (its
            // type must be `'static`): the thread may outlive `words`, so it gets
            // its own String, moved in.
            let word = word.to_string();
            thread::spawn(move || {
                if word.is_empty() {
                    return Err("an empty word".into());
                }
                Ok(word.len())
            })
        })
        // Collect first: joining inside the same loop would wait for each thread
        // before starting the next, one at a time.
        .collect();

    let mut total = 0;
    for handle in handles {
        // `join` is `Err` only if the thread panicked; its `Ok` holds what the
        // closure returned, here a `Result` of its own, which `?` passes on.
        total += handle.join().expect("a thread panicked")?;
    }
    Ok(total)
}
// ANCHOR_END: handles

#[cfg(test)]
mod tests {
    #[test]
    fn adds_up_what_the_threads_return() {
        assert_eq!(super::total_length(&["GET", "/status", "200"]).unwrap(), 13);
        assert!(super::total_length(&["GET", ""]).is_err());
        assert_eq!(super::total_length(&[]).unwrap(), 0);
    }
}
