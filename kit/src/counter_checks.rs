//! The checks that every Healthcheck Counter exercise shares, whatever its design
//! (a thread per URL, a shared map, merged maps, tasks): the counts are right, the
//! server sees one request per URL, an empty list counts nothing, a site that cannot
//! be reached is an error, and, for the concurrent designs, every request is in
//! flight at once.
//!
//! Each function is one test body. A lesson's test file calls it from its own
//! `#[test]` with the learner's counter and the advice that fits its exercise:
//!
//! ```no_run
//! # use kit::exercise::Exercise;
//! # use kit::counter_checks::{self, Counts};
//! # fn count_statuses(urls: &[String]) -> Result<Counts, String> { unimplemented!() }
//! const EXERCISE: Exercise = Exercise::new("with_threads", "exercises/lesson-02/with_threads.rs");
//!
//! #[test]
//! fn no_urls_no_counts() {
//!     counter_checks::no_urls_no_counts(EXERCISE, |urls| count_statuses(&urls));
//! }
//! ```

use crate::exercise::Exercise;
use crate::server::SlowServer;
use crate::sites::{Site, expected_counts, many_sites};
use std::collections::BTreeMap;
use std::time::Duration;

/// How many sites answered with each status.
pub type Counts = BTreeMap<u16, usize>;

/// Every site of the list answers only once all of them wait at the server at the
/// same time, so the counts come back right only if every request was in flight at
/// once. A request left waiting alone for `patience` gives up with a 504, so a
/// counter that fetches one at a time fails in seconds instead of hanging.
pub fn all_in_flight_together<F, E>(
    exercise: Exercise,
    together: usize,
    patience: Duration,
    count: F,
    advice: &'static str,
) where
    F: FnOnce(Vec<String>) -> Result<Counts, E> + Send + 'static,
{
    exercise.run(move || {
        let server = SlowServer::with_patience(patience);
        let mut sites = vec![Site::rendezvous(together, 200); together];
        // A few other statuses among them, so that the counting is checked too.
        if together >= 3 {
            sites[1] = Site::rendezvous(together, 404);
            sites[together - 1] = Site::rendezvous(together, 503);
        }
        let counts = count(server.urls(&sites));
        let peak = server.stats().peak_in_flight;
        exercise.check(
            peak == together,
            format_args!(
                "the server saw at most {peak} of the {together} requests in flight at once; \
                 they should all be in flight together.\n  {advice}"
            ),
        );
        let expected = expected_counts(&sites);
        exercise.check_eq(
            counts.ok(),
            Some(expected.clone()),
            format_args!(
                "All {together} requests met at the server; the counts should be {}.",
                in_words(&expected)
            ),
        );
    });
}

/// A list of `sites` sites with mixed statuses, from a fixed `seed`: the counts must
/// match it, and the server must see exactly one request per URL. `what` says, for
/// this design, what it takes to get them right.
pub fn counts_match_the_list<F, E>(
    exercise: Exercise,
    sites: usize,
    seed: u64,
    count: F,
    what: &'static str,
) where
    F: FnOnce(Vec<String>) -> Result<Counts, E> + Send + 'static,
{
    exercise.run(move || {
        let server = SlowServer::start();
        let sites = many_sites(sites, seed);
        let counts = count(server.urls(&sites)).ok();
        exercise.check_eq(
            counts,
            Some(expected_counts(&sites)),
            format_args!("{} sites with mixed statuses: {what}", sites.len()),
        );
        exercise.check_eq(
            server.stats().requests,
            sites.len(),
            "The server should see exactly one request per URL.",
        );
    });
}

/// An empty list has nothing to count, and must not be an error.
pub fn no_urls_no_counts<F, E>(exercise: Exercise, count: F)
where
    F: FnOnce(Vec<String>) -> Result<Counts, E> + Send + 'static,
{
    exercise.run(move || {
        exercise.check_eq(
            count(Vec::new()).ok(),
            Some(Counts::new()),
            "An empty list has no statuses to count.",
        );
    });
}

/// One of four sites is a server that has stopped (its port refuses connections):
/// the counter must return an error. `how` says, for this design, where the error
/// comes from.
pub fn unreachable_site_is_an_error<F, E>(exercise: Exercise, count: F, how: &'static str)
where
    F: FnOnce(Vec<String>) -> Result<Counts, E> + Send + 'static,
{
    exercise.run(move || {
        let server = SlowServer::start();
        let mut urls = server.urls(&[Site::delayed(0, 200); 3]);
        urls.push(SlowServer::start().url(&Site::delayed(0, 200)));
        exercise.check(
            count(urls).is_err(),
            format_args!(
                "One of the 4 sites cannot be reached. count_statuses should return that \
                 error ({how}), not panic and not leave the site out."
            ),
        );
    });
}

/// `{200: 2, 404: 1}` as "two 200s and one 404", the way a person says it.
fn in_words(counts: &Counts) -> String {
    let parts: Vec<String> = counts
        .iter()
        .map(|(status, &count)| match count {
            1 => format!("one {status}"),
            count => format!("{count} {status}s"),
        })
        .collect();
    match parts.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{Counts, in_words};

    #[test]
    fn counts_read_as_words() {
        let counts = Counts::from([(200, 10), (404, 1), (503, 1)]);
        assert_eq!(in_words(&counts), "10 200s, one 404 and one 503");
        assert_eq!(in_words(&Counts::new()), "nothing");
    }
}
