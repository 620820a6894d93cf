//! Exercise `foo_and_bar`: the talk's two greenlets, taking turns.
//!
//! Test it: `cargo test -p lesson-04 --test foo_and_bar`

use may::coroutine;
use may::go;
use may::sync::Mutex;
use std::sync::Arc;

// ANCHOR: stub
/// Where the greenlets write their lines, in the order they ran. The talk's
/// greenlets print; here they push, so that a test can read the order back.
pub type Log = Arc<Mutex<Vec<&'static str>>>;

/// Writes `line` to the log.
pub fn say(log: &Log, line: &'static str) {
    log.lock()
        .expect("no coroutine panics with the log locked")
        .push(line);
}

/// The talk's `foo`: "Im in foo!", then lets the other greenlet run, then "End of foo".
pub fn foo(log: &Log) {
    // Say the first line with `say(log, "Im in foo!")`, step aside the way
    // `gevent.sleep(0)` does, then say "End of foo". Which function in
    // `may::coroutine` puts this coroutine at the back of the queue?
    todo!("foo: say, yield, say")
}

/// The talk's `bar`: "Im in bar", then lets the other greenlet run, then "End of bar".
pub fn bar(log: &Log) {
    todo!("bar: say, yield, say")
}

/// `gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])`: runs `foo` and `bar`
/// as two coroutines, waits for both, and returns everything they said.
pub fn joinall() -> Vec<&'static str> {
    // Make one `Log::default()`. Each coroutine needs its own handle to it
    // (`Arc::clone`), moved into a `go!(move || ...)`. Spawn both, then join both,
    // then return a copy of the lines.
    todo!("spawn foo and bar as coroutines, join both, return the log")
}
// ANCHOR_END: stub
