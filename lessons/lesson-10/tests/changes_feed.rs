//! Checks for milestone 4, `changes_feed`: `exercises/lesson-10/changes_feed.rs`.
//!
//! On tokio's paused clock, one call at a time: publish, then read. A read that would
//! wait for ever is cut off by a timeout, which the paused clock reaches at once.

use kit::exercise::Exercise;
use lesson_10::changes_feed::{ChangesFeed, Subscription};
use lesson_10::{Change, FeedEvent, Status};
use std::time::Duration;

const EXERCISE: Exercise = Exercise::new("changes_feed", "exercises/lesson-10/changes_feed.rs");

fn change(n: usize) -> Change {
    Change {
        site: format!("site {n}"),
        from: None,
        to: Status::Answered {
            code: 200,
            page: n as u64,
        },
    }
}

/// The next event, or `Err` if none comes (on the paused clock, at once).
async fn next(subscription: &mut Subscription) -> Result<Option<FeedEvent>, &'static str> {
    tokio::time::timeout(Duration::from_secs(60), subscription.next())
        .await
        .map_err(|_| "nothing: `next` is still waiting")
}

#[test]
fn every_subscriber_gets_every_change() {
    EXERCISE.run_paused(|| async {
        let feed = ChangesFeed::new(16);
        let mut first = feed.subscribe();
        let mut second = feed.subscribe();
        for n in 0..5 {
            feed.publish(change(n));
        }
        for (name, subscription) in [("first", &mut first), ("second", &mut second)] {
            let mut read = Vec::new();
            for _ in 0..5 {
                read.push(next(subscription).await);
            }
            EXERCISE.check_eq(
                read,
                (0..5)
                    .map(|n| Ok(Some(FeedEvent::Change(change(n)))))
                    .collect::<Vec<_>>(),
                format_args!(
                    "the {name} of two subscribers should read all 5 changes, in order. A \
                     single queue shared by every subscriber gives each change to one of them \
                     only; each subscriber needs to see every change."
                ),
            );
        }
    });
}

#[test]
fn nobody_listening_is_fine() {
    EXERCISE.run_paused(|| async {
        let feed = ChangesFeed::new(4);
        // Changes with no subscriber: gone, and no error.
        for n in 0..10 {
            feed.publish(change(n));
        }
        let mut late = feed.subscribe();
        feed.publish(change(10));
        EXERCISE.check_eq(
            next(&mut late).await,
            Ok(Some(FeedEvent::Change(change(10)))),
            "a subscriber gets the changes published after it subscribed, starting with the \
             first of them. (Publishing with nobody subscribed must neither fail nor wait: \
             `broadcast::Sender::send` returns an error then, which only means that.)",
        );
    });
}

#[test]
fn a_slow_subscriber_cannot_grow_memory() {
    EXERCISE.run_paused(|| async {
        let feed = ChangesFeed::new(8);
        let mut slow = feed.subscribe();
        // 1000 changes while the slow subscriber reads nothing.
        for n in 0..1000 {
            feed.publish(change(n));
        }
        let first = next(&mut slow).await;
        EXERCISE.check_eq(
            first.clone(),
            Ok(Some(FeedEvent::Missed(992))),
            format_args!(
                "a feed that keeps 8 changes, 1000 published while a subscriber read nothing: \
                 its first read should say it missed 992 (`FeedEvent::Missed(992)`), and the \
                 feed should have kept only the last 8. {}",
                match first {
                    Ok(Some(FeedEvent::Change(change))) if change.site == "site 0" =>
                        "It read the very first change: the feed kept all 1000 for it, and a \
                         subscriber that never reads would make memory grow for ever. Use a \
                         bounded buffer (`tokio::sync::broadcast::channel(capacity)`).",
                    Ok(Some(FeedEvent::Change(_))) =>
                        "It read a change without being told what it missed: a lag \
                         (`RecvError::Lagged(n)`) must come out as `FeedEvent::Missed(n)`.",
                    Ok(None) =>
                        "It read the end of the feed: a lag is not the end. Turn \
                         `RecvError::Lagged(n)` into `FeedEvent::Missed(n)`, and only \
                         `RecvError::Closed` into `None`.",
                    _ => "",
                }
            ),
        );
        let mut rest = Vec::new();
        for _ in 0..8 {
            rest.push(next(&mut slow).await);
        }
        EXERCISE.check_eq(
            rest,
            (992..1000)
                .map(|n| Ok(Some(FeedEvent::Change(change(n)))))
                .collect::<Vec<_>>(),
            "after saying what it missed, the subscriber reads the 8 changes kept, in order.",
        );
    });
}

#[test]
fn closing_ends_every_subscription() {
    EXERCISE.run_paused(|| async {
        let feed = ChangesFeed::new(8);
        let mut subscription = feed.subscribe();
        feed.publish(change(1));
        feed.close();
        feed.publish(change(2));
        let read = [next(&mut subscription).await, next(&mut subscription).await];
        EXERCISE.check_eq(
            read,
            [Ok(Some(FeedEvent::Change(change(1)))), Ok(None)],
            "a change published before `close`, then the end (`None`): what was published \
             is read first, nothing is published after, and then the subscription ends, so \
             that a subscriber (an HTTP stream) knows the monitor has stopped.",
        );
        EXERCISE.check_eq(
            next(&mut feed.subscribe()).await,
            Ok(None),
            "a subscription taken after `close` ends at once.",
        );
    });
}
