//! Milestone 4, `changes_feed`: every subscriber gets every change, and a slow one
//! cannot make memory grow (lesson 09's backpressure, for a broadcast).
//!
//! Test it: `cargo test -p lesson-10 --test changes_feed`

use crate::{Change, FeedEvent};
use std::sync::Mutex;
use tokio::sync::broadcast;

// ANCHOR: stub
/// Where the monitor publishes its changes. It keeps at least `capacity` of them, and
/// fewer than twice as many (a broadcast channel rounds up to a power of two), for
/// subscribers that have not read them yet; past that, the oldest go, and whoever
/// had not read them is told how many they missed.
#[derive(Debug)]
pub struct ChangesFeed {
    // Your fields: where do the changes wait for their subscribers, and what bounds
    // how many wait? And how does `close` reach every subscription?
}

/// One subscriber's view of the feed.
#[derive(Debug)]
pub struct Subscription {
    // Your fields.
}

impl ChangesFeed {
    /// A feed that keeps at least `capacity` unread changes, and fewer than twice as
    /// many. Panics if it is 0.
    pub fn new(capacity: usize) -> Self {
        todo!("a feed that keeps at least {capacity} unread changes")
    }

    /// Sends `change` to every subscriber, now. Never waits, and a change nobody is
    /// subscribed to is simply gone.
    pub fn publish(&self, change: Change) {
        todo!("send {change:?} to every subscriber")
    }

    /// A subscription to every change published from now on.
    pub fn subscribe(&self) -> Subscription {
        todo!("a new subscription")
    }

    /// Closes the feed: nothing more is published, and every subscription ends once
    /// it has read what was published before.
    pub fn close(&self) {
        todo!("close the feed")
    }
}

impl Subscription {
    /// The next event: a change, or how many were missed; `None` once the feed is
    /// closed and everything before was read.
    pub async fn next(&mut self) -> Option<FeedEvent> {
        // A subscriber that does not read must not make the feed keep everything for
        // it: what does your channel do when this subscriber falls behind?
        todo!("the next event")
    }
}
// ANCHOR_END: stub
