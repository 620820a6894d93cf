//! Repeated runs, interleaved, and what to say about them: their median and spread.
//!
//! One run says little on a shared machine. A demo that compares versions runs each
//! several times, one run of each per *round*, each round starting one version further
//! down the list ([`rotated`]), so that no version always runs first and a slow moment
//! of the machine lands on all of them alike. It does not balance who runs right after
//! whom: a version follows the same one in every round but the one it starts. Then it
//! shows each version's [`median`] and its spread, the fastest and the slowest run
//! ([`spread`]).

use std::time::Duration;

/// What a demo that runs each version `rounds` times says about it.
pub fn plan(rounds: usize) -> String {
    match rounds {
        1 => "Each version runs once".to_owned(),
        n => format!(
            "Each version runs {n} times, one run of each per round, each round starting one further down"
        ),
    }
}

/// The order of round `round`: `0..count`, rotated left by `round`.
pub fn rotated(count: usize, round: usize) -> impl Iterator<Item = usize> {
    (0..count).map(move |index| (index + round) % count.max(1))
}

/// The median of some timings: the middle one, or the mean of the two middle ones.
pub fn median(timings: &[Duration]) -> Option<Duration> {
    let mut sorted = timings.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2),
    }
}

/// The fastest and the slowest of some timings, `0.91 - 1.67 s`, or `-` for fewer
/// than two.
pub fn spread(timings: &[Duration]) -> String {
    match (timings.iter().min(), timings.iter().max()) {
        (Some(fastest), Some(slowest)) if timings.len() > 1 => format!(
            "{:.2} - {:.2} s",
            fastest.as_secs_f64(),
            slowest.as_secs_f64()
        ),
        _ => "-".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: &[u64]) -> Vec<Duration> {
        millis.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn every_round_starts_with_another_version() {
        let rounds: Vec<Vec<usize>> = (0..3).map(|round| rotated(3, round).collect()).collect();
        assert_eq!(rounds, [[0, 1, 2], [1, 2, 0], [2, 0, 1]]);
    }

    #[test]
    fn the_median_is_the_middle_run() {
        assert_eq!(
            median(&ms(&[900, 700, 1800])),
            Some(Duration::from_millis(900))
        );
        assert_eq!(median(&ms(&[1, 3, 5, 7])), Some(Duration::from_millis(4)));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn the_spread_is_the_fastest_and_the_slowest() {
        assert_eq!(spread(&ms(&[1670, 910, 1200])), "0.91 - 1.67 s");
        assert_eq!(spread(&ms(&[1670])), "-");
    }
}
