//! The building blocks, one small function each: spawning, spawning without the
//! macro, channels, and how a coroutine can wake up on another OS thread.

use may::coroutine;
use may::go;
use may::sync::mpsc;
use std::thread::{self, ThreadId};
use std::time::Duration;

// ANCHOR: go
/// `gevent.spawn(work)` then `.join()`: runs `work` as a coroutine and waits for
/// its result. The closure must be `Send + 'static`, as for `std::thread::spawn`:
/// the coroutine may run on any worker thread and outlive this function's frame.
pub fn spawn_and_join(name: &str) -> String {
    let name = name.to_owned();
    let handle = go!(move || format!("hello from a coroutine, {name}"));
    // `join` returns `Err` with the panic's payload if the coroutine panicked.
    handle.join().expect("the coroutine panicked")
}
// ANCHOR_END: go

// ANCHOR: builder
/// What `go!` hides: the spawn function is `unsafe`, and the macro writes the
/// `unsafe` block for you. Written out, with a name and a stack size of our own.
///
/// The workspace denies `unsafe_code`, so this one function allows it, and says why
/// it is sound, as every `unsafe` block should.
#[allow(unsafe_code)]
pub fn spawn_with_builder(numbers: Vec<u64>) -> u64 {
    let builder = coroutine::Builder::new()
        .name("summer".to_owned())
        .stack_size(crate::scheduler::STACK_WORDS);
    // SAFETY: may's contract has two parts. (1) The coroutine must not use
    // thread-local storage, because it may resume on another OS thread and would see
    // that thread's copy; this closure only adds numbers it owns. (2) It must not
    // overflow its stack; a loop over a Vec needs a few hundred bytes of our 128 KiB.
    let handle = unsafe { builder.spawn(move || numbers.iter().sum()) }
        .expect("may could not allocate the coroutine's stack");
    handle.join().expect("the coroutine panicked")
}
// ANCHOR_END: builder

// ANCHOR: channel
/// Lesson 01's countdown as a coroutine that sends into one of may's channels.
/// `recv` in a coroutine parks the coroutine, in a plain thread it blocks the thread;
/// either way it ends (`None`) once every `Sender` has been dropped.
pub fn countdown(from: u32) -> Vec<u32> {
    let (tx, rx) = mpsc::channel();
    go!(move || {
        for n in (1..=from).rev() {
            tx.send(n)
                .expect("the receiver lives until the countdown ends");
        }
        // `tx` is dropped here, which closes the channel and ends the loop below.
    });
    rx.iter().collect()
}
// ANCHOR_END: channel

// ANCHOR: hops
/// Called in a coroutine: which OS thread it was on before and after it waited,
/// with a yield, or with a sleep of `nap` when one is given.
pub fn thread_before_and_after(nap: Option<Duration>) -> (ThreadId, ThreadId) {
    let before = thread::current().id();
    match nap {
        Some(nap) => coroutine::sleep(nap),
        None => coroutine::yield_now(),
    }
    (before, thread::current().id())
}
// ANCHOR_END: hops
