// Wrong: I step aside with std::thread::yield_now(), the yield I know from threads
// Caught by foo_and_bar_take_turns: "std::thread::yield_now"
// Draws: "peak 1"
//! Exercise `foo_and_bar`: the talk's two greenlets, taking turns.

use may::go;
use may::sync::Mutex;
use std::sync::Arc;

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
    say(log, "Im in foo!");
    // Let the other one run.
    std::thread::yield_now();
    say(log, "End of foo");
}

/// The talk's `bar`: "Im in bar", then lets the other greenlet run, then "End of bar".
pub fn bar(log: &Log) {
    say(log, "Im in bar");
    // Let the other one run.
    std::thread::yield_now();
    say(log, "End of bar");
}

/// `gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])`: runs `foo` and `bar`
/// as two coroutines, waits for both, and returns everything they said.
pub fn joinall() -> Vec<&'static str> {
    let log = Log::default();
    let handles = [
        go!({
            let log = Arc::clone(&log);
            move || foo(&log)
        }),
        go!({
            let log = Arc::clone(&log);
            move || bar(&log)
        }),
    ];
    for handle in handles {
        handle.join().expect("foo and bar do not panic");
    }
    log.lock().expect("both coroutines are done").clone()
}
