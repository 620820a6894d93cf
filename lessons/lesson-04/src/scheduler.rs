//! may's scheduler is one per process, started by the first coroutine and configured
//! by process-wide settings that only count before it starts. Every test binary and
//! demo of this lesson calls [`configure`] first, with the one setting it needs.

use std::sync::OnceLock;

// ANCHOR: stack
/// The stack of every coroutine this lesson spawns, in machine words (may counts
/// `usize`s, not bytes): 16 Ki words is 128 KiB on a 64-bit machine.
///
/// may's default is 4 Ki words (32 KiB). One HTTP request through ureq used 2,483
/// words in a release build and 8,130 in a debug build (which keeps every temporary
/// on the stack): the default overflows. 16 Ki words leaves twice the debug need.
/// A stack is reserved address space; only the pages a coroutine touches cost RAM.
pub const STACK_WORDS: usize = 16 * 1024;
// ANCHOR_END: stack

static WORKERS: OnceLock<usize> = OnceLock::new();

// ANCHOR: configure
/// Sets may's scheduler up with `workers` worker threads and this lesson's stack
/// size. Call it before spawning the first coroutine; calling it again with the same
/// number does nothing.
///
/// Panics if an earlier call asked for a different number of workers: the scheduler
/// starts once per process, so the second wish could not come true.
pub fn configure(workers: usize) {
    let first = *WORKERS.get_or_init(|| {
        may::config()
            .set_workers(workers)
            .set_stack_size(STACK_WORDS)
            // may pins each worker to a core by default. On a laptop that is also
            // running a compiler and a browser, let the OS move it to a free core.
            .set_worker_pin(false);
        workers
    });
    assert_eq!(
        first, workers,
        "may's scheduler was already configured with {first} worker(s) in this process; \
         it cannot be changed to {workers}. Tests that need another number of workers \
         belong in another test binary (another file in tests/)."
    );
}
// ANCHOR_END: configure
