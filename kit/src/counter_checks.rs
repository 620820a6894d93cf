//! The checks that every Healthcheck Counter exercise shares, whatever its design
//! (a thread per URL, a shared map, merged maps, tasks): the counts are right, the
//! server sees one request per URL, an empty list counts nothing, a site that cannot
//! be reached is an error, for the concurrent designs every request is in flight at
//! once, and for the shared-map designs no update is lost (with the [`watch`]ed
//! `Mutex` the test compiles the exercise against).
//!
//! When counts are wrong, the message names the likeliest mistake from what they look
//! like and what the watch saw: an update lost between two `lock()` calls, a lock
//! held across a fetch, a map that outlives the call, `insert` in place of adding,
//! error statuses skipped, or a function that returned before every thread counted.
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

pub mod watch;

use crate::exercise::Exercise;
use crate::server::{AS_THE_SERVER_SAW_IT, SlowServer};
use crate::sites::{Site, expected_counts, many_sites};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::time::Duration;
use watch::Seen;

/// How many sites answered with each status.
pub type Counts = BTreeMap<u16, usize>;

/// Every site of the list answers only once all of them wait at the server at the
/// same time, so the counts come back right only if every request was in flight at
/// once. A request left waiting alone for `patience` gives up with a 504, so a
/// counter that fetches one at a time fails in seconds instead of hanging.
/// `advice` says, for this design, how requests end up one at a time.
pub fn all_in_flight_together<F, E>(
    exercise: Exercise,
    together: usize,
    patience: Duration,
    count: F,
    advice: &'static str,
) where
    F: FnOnce(Vec<String>) -> Result<Counts, E> + Send + 'static,
    E: Display,
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
        all_were_in_flight(exercise, &server, together, advice);
        let expected = expected_counts(&sites);
        check_counts(
            exercise,
            counts,
            &expected,
            format_args!(
                "All {together} requests met at the server; the counts should be {}.",
                in_words(&expected)
            ),
        );
    });
}

/// `threads` sites that all answer 200 at the same moment, so that every thread
/// updates the same count at about the same time: the count must be `threads`.
///
/// For the designs that share one map behind the exercise's `crate::sync::Mutex`
/// (see [`watch`]): the test's `Mutex` makes the unlucky interleaving certain, so a
/// count read under one `lock()` and written under another loses an update on every
/// run. The check also fails if the code never took that `Mutex`, since then it
/// cannot tell.
/// `advice` is as for [`all_in_flight_together`].
pub fn no_update_is_lost<F, E>(exercise: Exercise, threads: usize, count: F, advice: &'static str)
where
    F: FnOnce(Vec<String>) -> Result<Counts, E> + Send + 'static,
    E: Display,
{
    exercise.run(move || {
        let server = SlowServer::start();
        let sites = vec![Site::rendezvous(threads, 200); threads];
        let counts = count(server.urls(&sites));
        all_were_in_flight(exercise, &server, threads, advice);
        check_counts(
            exercise,
            counts,
            &expected_counts(&sites),
            format_args!(
                "{threads} sites answered 200 at the same moment, so {threads} threads added \
                 one to the same count at about the same time: it should be {threads}."
            ),
        );
        exercise.check(
            watch::seen().locks > 0,
            "the counts are right, but count_statuses never took the lock this test watches, \
             so it cannot check that no update is lost.\n  Keep the line \
             `use crate::sync::Mutex;` at the top of your file and keep the counts in that \
             Mutex: it is the standard library's, and the test puts in its place one that \
             lets another thread in between two `lock()` calls, the way an unlucky moment \
             would.",
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
    E: Display,
{
    exercise.run(move || {
        let server = SlowServer::start();
        let sites = many_sites(sites, seed);
        let counts = count(server.urls(&sites));
        check_counts(
            exercise,
            counts,
            &expected_counts(&sites),
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
    E: Display,
{
    exercise.run(move || {
        check_counts(
            exercise,
            count(Vec::new()),
            &Counts::new(),
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
    E: Display,
{
    exercise.run(move || {
        let server = SlowServer::start();
        let mut urls = server.urls(&[Site::delayed(0, 200); 3]);
        urls.push(SlowServer::start().url(&Site::delayed(0, 200)));
        let Ok(counts) = count(urls) else {
            return;
        };
        let why = if counts.values().sum::<usize>() < 3 {
            "It did not even count the 3 sites that answered: it returned before its \
             threads or tasks had finished, so it never saw the failure either. Wait for \
             every one of them, then return the first error."
        } else {
            "Leaving the site out is counting only the successes."
        };
        exercise.fail(format_args!(
            "One of the 4 sites cannot be reached, and count_statuses returned counts \
             ({}) instead of that error. It should return the error ({how}).\n  {why}",
            in_words(&counts)
        ));
    });
}

/// Checks that the server saw `together` requests in flight at once; otherwise fails
/// with the likeliest reason: a lock held across a fetch, no request at all, or
/// what `advice` says.
fn all_were_in_flight(exercise: Exercise, server: &SlowServer, together: usize, advice: &str) {
    let stats = server.stats();
    let peak = stats.peak_in_flight;
    exercise.keep_run(AS_THE_SERVER_SAW_IT, &server.spans());
    if peak >= together {
        return;
    }
    if stats.requests == 0 {
        exercise.fail(format_args!(
            "count_statuses returned before any of the {together} requests reached the \
             server. Spawned threads or tasks must be waited for before it returns; a \
             task that nobody awaits may never even start."
        ));
    }
    let why = held_lock_while_fetching(watch::seen()).unwrap_or(advice);
    let mut run = exercise.drawing(AS_THE_SERVER_SAW_IT, &server.spans());
    // A request is drawn once it has its answer: one still waiting is not on the picture.
    let waiting = server.stats().in_flight;
    if waiting > 0 {
        run.push_str(&format!(
            "\n  ({waiting} more were still in flight when the check looked: not drawn.)"
        ));
    }
    exercise.fail(format_args!(
        "the server saw at most {peak} of the {together} requests in flight at once; \
         they should all be in flight together.\n  {why}\n{run}\n  \
         Expected: {together} bars side by side, every one starting before any ends."
    ));
}

/// Checks the counts a counter returned against `expected`; otherwise fails with
/// `what`, the most likely reason, and both maps. Every check above ends with it; a
/// test of its own can use it too.
pub fn check_counts<E: Display>(
    exercise: Exercise,
    counts: Result<Counts, E>,
    expected: &Counts,
    what: impl Display,
) {
    let seen = watch::seen();
    let got = match counts {
        Ok(counts) => counts,
        Err(error) => {
            let why = held_lock_while_fetching(seen).unwrap_or(
                "Every site in this list answered; a 404 or a 503 is a status to count, \
                 not an error.",
            );
            exercise.fail(format_args!(
                "{what}\n  count_statuses returned an error instead: {error}\n  {why}"
            ))
        }
    };
    if got != *expected {
        let why = held_lock_while_fetching(seen)
            .map(str::to_owned)
            .unwrap_or_else(|| why_the_counts_differ(expected, &got, seen));
        exercise.fail(format_args!(
            "{what}\n  {why}\n\n  expected: {expected:?}\n       got: {got:?}"
        ));
    }
}

fn held_lock_while_fetching(seen: Seen) -> Option<&'static str> {
    (seen.fetched_while_locked > 0).then_some(
        "A thread fetched its site while it held the lock on the counts: every other \
         thread then waited for that lock, and for that site, so the requests went out \
         one at a time. Fetch first, with no lock held; lock only to add the status.",
    )
}

/// The likeliest mistake behind counts that are not the expected ones.
fn why_the_counts_differ(expected: &Counts, got: &Counts, seen: Seen) -> String {
    let total = |counts: &Counts| counts.values().sum::<usize>();
    let (expected_total, got_total) = (total(expected), total(got));
    if got_total > expected_total {
        return format!(
            "It counted {got_total} statuses for {expected_total} sites. A map that outlives \
             the call (a `static`, like the talk's global STATS dict) still holds what \
             earlier calls counted, and what other calls running at the same time count. \
             Make a new map inside count_statuses."
        );
    }
    if got_total < expected_total && seen.came_back > 0 {
        return format!(
            "Lost updates: only {got_total} of {expected_total} additions made it into the \
             map. A thread locked the map to read a count, let go, and locked it again to write \
             count + 1; in between, another thread read the same count, and one of the \
             two additions was lost. The test's Mutex lets another thread in between two \
             `lock()` calls every time; the operating system does it only now and then, \
             which makes this bug rare and real. Read and write under ONE lock: \
             `*counts.lock().unwrap().entry(status).or_insert(0) += 1;`"
        );
    }
    let same_statuses = got.keys().eq(expected.keys());
    if same_statuses && got.values().all(|&count| count == 1) {
        return "Every status was counted once, however many sites answered it: the count \
                was set, not added to. `insert(status, 1)` puts a new 1 in place of the \
                old count, and `entry(status).or_insert(1)` sets 1 the first time and \
                does nothing after. Add one to what is there: \
                `*counts.entry(status).or_insert(0) += 1;`"
            .to_owned();
    }
    let missing: Vec<String> = expected
        .keys()
        .filter(|status| !got.contains_key(status))
        .map(u16::to_string)
        .collect();
    let rest_right = got
        .iter()
        .all(|(status, count)| expected.get(status) == Some(count));
    if !missing.is_empty() && !got.is_empty() && rest_right {
        return format!(
            "Statuses {} were not counted at all. A site that answers 404 or 503 has \
             answered: its status is one to count, not a failure to skip.",
            missing.join(", ")
        );
    }
    if got_total < expected_total {
        return format!(
            "Only {got_total} of {expected_total} statuses were counted: count_statuses \
             returned before every site's status had been added (wait for every thread \
             or task first), or two updates collided (a count read under one lock and \
             written under another)."
        );
    }
    if got_total == expected_total {
        return format!(
            "All {expected_total} sites were counted, but not with the statuses they \
             answered ({}): count the status each fetch returned.",
            in_words(got)
        );
    }
    "The counts do not match the statuses the sites answered.".to_owned()
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
