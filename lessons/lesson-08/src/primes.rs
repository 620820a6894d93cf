//! Lesson 02's prime test, the CPU-bound work of Chris Pouliot's multiprocessing
//! slides, again: trial division by odd numbers up to the square root.

pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n.is_multiple_of(2) {
        return n == 2;
    }
    let mut divisor = 3;
    while divisor * divisor <= n {
        if n.is_multiple_of(divisor) {
            return false;
        }
        divisor += 2;
    }
    true
}
