//! genawaiter's flavours: `rc` for one thread, `sync` to move a generator to another.

use genawaiter::sync::Gen;
use std::future::Future;
use std::thread;

// ANCHOR: sync
/// The countdown again, built with `sync::Gen` so it is `Send`.
pub fn countdown_sync(from: u32) -> Gen<u32, (), impl Future<Output = ()> + Send> {
    Gen::new(move |co| async move {
        for n in (0..=from).rev() {
            co.yield_(n).await;
        }
    })
}

/// Builds a generator on this thread and drains it on another one. With
/// `rc::Gen` this does not compile: its shared state is an `Rc`, which is not `Send`.
pub fn drain_on_another_thread(from: u32) -> Vec<u32> {
    let count = countdown_sync(from);
    thread::spawn(move || count.into_iter().collect())
        .join()
        .expect("the draining thread panicked")
}
// ANCHOR_END: sync

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_generator_can_change_threads() {
        assert_eq!(drain_on_another_thread(2), [2, 1, 0]);
    }
}
