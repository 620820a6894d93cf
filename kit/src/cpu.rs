//! CPU time, for checks that must tell waiting from busy waiting.
//!
//! A thread that parks while it waits uses next to no CPU; one that spins (a loop
//! around `yield_now`, `try_recv` or `is_finished`) burns a core for the whole wait.
//! Wall-clock time cannot tell them apart, and the number of polls only can when the
//! test owns the future. The CPU time the thread used can, on any machine: a spinner
//! over a wait of a few hundred milliseconds uses tens of milliseconds of CPU even
//! when other programs keep both cores busy; a parked thread uses microseconds.
//!
//! The clocks are POSIX's (`CLOCK_THREAD_CPUTIME_ID`, `CLOCK_PROCESS_CPUTIME_ID`),
//! on Linux and macOS. Elsewhere the functions return `None` and a check that needs
//! them is skipped.

use std::time::Duration;

/// The CPU time the calling thread has used so far.
pub fn thread_time() -> Option<Duration> {
    clock(Clock::Thread)
}

/// The CPU time the whole process (all its threads) has used so far.
pub fn process_time() -> Option<Duration> {
    clock(Clock::Process)
}

/// CPU time used by the calling thread while `work` ran, with what `work` returned.
/// `None` for the time where the clock is not available.
pub fn thread_time_of<T>(work: impl FnOnce() -> T) -> (T, Option<Duration>) {
    let before = thread_time();
    let value = work();
    let used = before.zip(thread_time()).map(|(b, a)| a.saturating_sub(b));
    (value, used)
}

#[derive(Debug, Clone, Copy)]
enum Clock {
    Thread,
    Process,
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn clock(which: Clock) -> Option<Duration> {
    let id = match which {
        Clock::Thread => libc::CLOCK_THREAD_CPUTIME_ID,
        Clock::Process => libc::CLOCK_PROCESS_CPUTIME_ID,
    };
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec that outlives the call, and both
    // clock ids are defined by POSIX for the calling thread and process.
    let status = unsafe { libc::clock_gettime(id, &mut now) };
    if status != 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(now.tv_sec).ok()?,
        u32::try_from(now.tv_nsec).ok()?,
    ))
}

#[cfg(not(unix))]
fn clock(_which: Clock) -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn spinning_uses_cpu_and_sleeping_does_not() {
        let ((), spun) = thread_time_of(|| {
            let start = Instant::now();
            while start.elapsed() < Duration::from_millis(50) {
                std::thread::yield_now();
            }
        });
        let ((), slept) = thread_time_of(|| std::thread::sleep(Duration::from_millis(50)));
        let (Some(spun), Some(slept)) = (spun, slept) else {
            return;
        };
        assert!(spun > slept, "spun {spun:?}, slept {slept:?}");
        assert!(slept < Duration::from_millis(5), "slept {slept:?}");
    }
}
