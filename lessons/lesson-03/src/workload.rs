//! The two kinds of program the demo runs on the tiny interpreter: one that computes
//! and one that waits for the network. Both run as "Python code": every step needs
//! the GIL.

use crate::fetch::status;
use crate::gil::Gil;
use std::hint::black_box;

/// One step of CPU-bound work: a few dozen rounds of a xorshift, roughly the cost of
/// a handful of Python bytecodes. `black_box` keeps the optimizer from folding the
/// loop away.
pub fn compute(seed: u64) -> u64 {
    let mut x = seed | 1;
    for _ in 0..32 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    black_box(x)
}

// ANCHOR: cpu_bound
/// One thread of the CPU-bound program: `steps` steps, each one computing, each one
/// under the GIL.
pub fn cpu_bound(gil: &Gil, steps: u64) -> u64 {
    let mut py = gil.acquire();
    let mut x = 1;
    for _ in 0..steps {
        x = py.step(|| compute(x));
    }
    x
}
// ANCHOR_END: cpu_bound

// ANCHOR: io_bound
/// One thread of the I/O-bound program: for each URL, a step to build the request,
/// the request itself, and a step to count it if it answered 200. With `release_for_io`, the
/// thread lets go of the GIL while it waits, as CPython's socket code does; without
/// it, it waits holding the GIL, as a careless C extension would.
pub fn io_bound(gil: &Gil, agent: &ureq::Agent, urls: &[String], release_for_io: bool) -> usize {
    let mut py = gil.acquire();
    let mut ok = 0;
    for url in urls {
        py.step(|| compute(url.len() as u64));
        if release_for_io {
            py.release();
        }
        let answer = status(agent, url);
        if release_for_io {
            py.reacquire();
        }
        py.step(|| ok += usize::from(answer.is_ok_and(|code| code == 200)));
    }
    ok
}
// ANCHOR_END: io_bound
