//! Lesson 02's prime test, the CPU-bound work of Chris Pouliot's multiprocessing
//! slides, again (it lives in the kit, for both lessons).

pub use kit::primes::is_prime;
