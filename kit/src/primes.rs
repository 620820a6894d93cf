//! The CPU-bound work of Chris Pouliot's multiprocessing slides, shared by the
//! lessons that need something to compute: lesson 02 spreads it over the cores,
//! lesson 08 keeps it off the event loop.

// ANCHOR: is_prime
/// Trial division by odd numbers up to the square root, like the talk's `is_prime`,
/// with the two small cases it gets wrong put right: its version says that 2 is not
/// prime (2 is even) and that 1 is (no divisor to find).
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n.is_multiple_of(2) {
        return n == 2;
    }
    let mut divisor = 3;
    // Not `divisor * divisor <= n`: for a prime near `u64::MAX` the square overflows.
    while divisor <= n / divisor {
        if n.is_multiple_of(divisor) {
            return false;
        }
        divisor += 2;
    }
    true
}
// ANCHOR_END: is_prime

#[cfg(test)]
mod tests {
    use super::is_prime;

    #[test]
    fn the_small_cases_the_talk_got_wrong() {
        assert!(!is_prime(0));
        assert!(!is_prime(1));
        assert!(is_prime(2));
        assert!(is_prime(3));
        assert!(!is_prime(9));
        let below_100 = (0..100).filter(|&n| is_prime(n)).count();
        assert_eq!(below_100, 25);
    }
}
