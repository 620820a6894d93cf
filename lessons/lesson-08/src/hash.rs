//! The crunching a request handler does: a deliberately slow hash. Password hashing
//! works like this on purpose (it is called key stretching): the same mixing step,
//! repeated until one guess costs an attacker real CPU time. Here it simply stands for
//! any request that computes for a while: resizing an image, parsing a big document,
//! compressing a response.

// ANCHOR: stretch
/// Hashes `data` (FNV-1a), then mixes the result `rounds` more times (SplitMix64's
/// finaliser). Every round depends on the one before, so nothing can skip ahead or
/// run them in parallel: the cost is `rounds` steps of a few nanoseconds each (the
/// heartbeat demo prints what one took on your machine).
pub fn stretch(data: &[u8], rounds: u64) -> u64 {
    let mut state = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    for _ in 0..rounds {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        state = (state ^ (state >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        state = (state ^ (state >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        state ^= state >> 31;
    }
    state
}
// ANCHOR_END: stretch

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_input_same_digest_and_rounds_matter() {
        assert_eq!(stretch(b"plates", 1000), stretch(b"plates", 1000));
        assert_ne!(stretch(b"plates", 1000), stretch(b"plates", 1001));
        assert_ne!(stretch(b"plates", 1000), stretch(b"plate", 1000));
    }
}
