//! CPU time, for checks that must tell waiting from busy waiting.
//!
//! A thread that parks while it waits uses next to no CPU; one that spins (a loop
//! around `yield_now`, `try_recv` or `is_finished`) burns a core for the whole wait.
//! Wall-clock time cannot tell them apart, and the number of polls only can when the
//! test owns the future. The CPU time the thread used can, on a machine that is not
//! overloaded: a spinner over a wait of a few hundred milliseconds uses tens of
//! milliseconds of CPU when two other programs keep both cores busy; a parked thread
//! uses microseconds. (With many more programs running, a spinner that yields gets far
//! less: see [`thread_preemptions`].)
//!
//! [`thread_sleeps`] counts something else: how many times a thread blocked. A
//! `std::thread::sleep` hidden inside async code blocks once per call; a loop that
//! naps between checks, once per turn; a parked thread, once per wait. And
//! [`thread_preemptions`] counts how often a thread that could have run on was switched
//! out: when every core is busy, a spinner gets little CPU time, but it is switched out
//! each time it gets a core back. [`thread_usage_of`] measures all three around a call.
//!
//! [`process_time_of`] reads another process's CPU time from `/proc`, so a demo can
//! measure a server it started, in any language.
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

/// The CPU time another process (all its threads, user and system) has used so far,
/// as the kernel accounts it: `utime + stime` from `/proc/<pid>/stat`, in clock ticks
/// (`sysconf(_SC_CLK_TCK)`, 100 a second on Linux, so a resolution of 10 ms).
///
/// It measures a server the same way whatever it is written in: a Rust demo can ask
/// it of a Python server it started, and of a Rust one it started the same way. Linux
/// only; `None` elsewhere, or when the process is gone.
pub fn process_time_of(pid: u32) -> Option<Duration> {
    process_times_of(pid).map(|times| times.user + times.system)
}

/// A process's CPU time, split the kernel's way. The sum is what the kernel counted;
/// the split may be an estimate: a kernel built with tick-based accounting (as most
/// are, `CONFIG_TICK_CPU_ACCOUNTING`) samples at each timer tick which mode the
/// process was in, so a small part, such as a microsecond a request, rests on few
/// samples. And where the network stack's work is charged depends on the build too
/// (`CONFIG_IRQ_TIME_ACCOUNTING` keeps interrupt time out of `system`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProcessTimes {
    /// Running the program's own code (`utime`).
    pub user: Duration,
    /// Running the kernel on the program's behalf: system calls, and the network
    /// stack's work they do (`stime`).
    pub system: Duration,
}

/// [`process_time_of`], split into user and system time.
pub fn process_times_of(pid: u32) -> Option<ProcessTimes> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces or
    // parentheses itself: count the fields from the last ')'.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 and 15 of proc(5); the first after the name is field 3.
    let per_second = clock_ticks_per_second()?;
    let time = |field: usize| -> Option<Duration> {
        let ticks: u64 = fields.get(field)?.parse().ok()?;
        Some(Duration::from_nanos(
            ticks.checked_mul(1_000_000_000)? / per_second,
        ))
    };
    Some(ProcessTimes {
        user: time(11)?,
        system: time(12)?,
    })
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn clock_ticks_per_second() -> Option<u64> {
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(ticks).ok().filter(|&ticks| ticks > 0)
}

#[cfg(not(unix))]
fn clock_ticks_per_second() -> Option<u64> {
    None
}

/// How many times the calling thread has gone to sleep so far: blocked in the kernel
/// (parked, sleeping, waiting for a lock or a read) and given up its core. The kernel's
/// count of *voluntary* context switches, so a thread that is only preempted, or that
/// spins on `yield_now`, does not add to it.
///
/// It tells a blocking call from a busy one without a clock: a `poll` that calls
/// `std::thread::sleep` sleeps once each time it is called; a loop that naps for a
/// millisecond between checks sleeps a thousand times a second; a parked thread once
/// per wait. Linux only (`getrusage(RUSAGE_THREAD)`); `None` elsewhere.
pub fn thread_sleeps() -> Option<u64> {
    switches().map(|(voluntary, _)| voluntary)
}

/// How many times the calling thread has been switched out while it could have gone
/// on running: preempted by the scheduler, or giving way with `yield_now` to a thread
/// that was waiting for the core. The kernel's count of *involuntary* context switches.
///
/// It catches a spinner where CPU time alone cannot: on a machine whose cores are all
/// busy, a loop around `yield_now` gets little CPU time, but it is switched out each
/// time it gets a core back, hundreds of times a second. A thread that sleeps (parked,
/// blocked) is not counted here but in [`thread_sleeps`]. Linux only; `None` elsewhere.
pub fn thread_preemptions() -> Option<u64> {
    switches().map(|(_, involuntary)| involuntary)
}

/// CPU time used by the calling thread while `work` ran, with what `work` returned.
/// `None` for the time where the clock is not available.
pub fn thread_time_of<T>(work: impl FnOnce() -> T) -> (T, Option<Duration>) {
    let before = thread_time();
    let value = work();
    let used = before.zip(thread_time()).map(|(b, a)| a.saturating_sub(b));
    (value, used)
}

/// What a thread spent on some work: see [`thread_usage_of`]. Each field is `None`
/// where its counter is not available.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThreadUsage {
    /// CPU time used ([`thread_time`]).
    pub cpu: Option<Duration>,
    /// Times the thread went to sleep ([`thread_sleeps`]).
    pub sleeps: Option<u64>,
    /// Times the thread was switched out while it could have run on
    /// ([`thread_preemptions`]).
    pub preemptions: Option<u64>,
}

/// Runs `work` on the calling thread and says what the thread spent on it: how a check
/// tells a thread that waited (almost no CPU, one sleep, no preemptions) from one that
/// spun (CPU time on a quiet machine, preemptions on a busy one) or napped in a loop
/// (many sleeps).
pub fn thread_usage_of<T>(work: impl FnOnce() -> T) -> (T, ThreadUsage) {
    let switches_before = switches();
    let (value, cpu) = thread_time_of(work);
    let switches = switches_before
        .zip(switches())
        .map(|((v0, i0), (v1, i1))| (v1.saturating_sub(v0), i1.saturating_sub(i0)));
    let usage = ThreadUsage {
        cpu,
        sleeps: switches.map(|(voluntary, _)| voluntary),
        preemptions: switches.map(|(_, involuntary)| involuntary),
    };
    (value, usage)
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

/// The calling thread's (voluntary, involuntary) context switches so far.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn switches() -> Option<(u64, u64)> {
    // SAFETY: `rusage` is plain old data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage that outlives the call, and
    // RUSAGE_THREAD asks about the calling thread only.
    let status = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
    if status != 0 {
        return None;
    }
    Some((
        u64::try_from(usage.ru_nvcsw).ok()?,
        u64::try_from(usage.ru_nivcsw).ok()?,
    ))
}

#[cfg(not(target_os = "linux"))]
fn switches() -> Option<(u64, u64)> {
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

    #[test]
    fn another_process_is_measured_by_its_pid() {
        // This process stands in for another: spin for 100 ms, then read its own
        // /proc entry by pid.
        let Some(before) = process_time_of(std::process::id()) else {
            return;
        };
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(100) {
            std::hint::spin_loop();
        }
        let used = process_time_of(std::process::id()).unwrap() - before;
        // Ticks of 10 ms, and another thread may have taken the core for a while.
        assert!(used >= Duration::from_millis(20), "used {used:?}");
        assert_eq!(process_time_of(u32::MAX), None);
    }

    #[test]
    fn sleeping_is_counted_and_spinning_is_not() {
        let Some(before) = thread_sleeps() else {
            return;
        };
        for _ in 0..5 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let slept = thread_sleeps().unwrap() - before;
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(20) {
            std::thread::yield_now();
        }
        let spun = thread_sleeps().unwrap() - before - slept;
        assert!(slept >= 5, "slept {slept} times");
        // A page fault or a lock taken by the clock could block once; a spinner is
        // never counted per turn of its loop.
        assert!(spun <= 1, "spinning counted as sleeping {spun} times");
    }
}
