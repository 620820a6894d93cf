//! Milestone 4, `changes_feed`: every subscriber gets every change, and a slow one
//! cannot make memory grow (lesson 09's backpressure, for a broadcast).
//!
//! Test it: `cargo test -p lesson-10 --test changes_feed`

use crate::{Change, FeedEvent};
use std::sync::Mutex;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

/// Where the monitor publishes its changes. It keeps at least `capacity` of them, and
/// fewer than twice as many (a broadcast channel rounds up to a power of two), for
/// subscribers that have not read them yet; past that, the oldest go, and whoever
/// had not read them is told how many they missed.
#[derive(Debug)]
pub struct ChangesFeed {
    /// `None` once closed. A broadcast channel keeps one bounded buffer for every
    /// subscriber: a change is stored once, and a slow reader only falls behind.
    sender: Mutex<Option<broadcast::Sender<Change>>>,
}

/// One subscriber's view of the feed.
#[derive(Debug)]
pub struct Subscription {
    /// `None`: subscribed after the feed closed.
    receiver: Option<broadcast::Receiver<Change>>,
}

impl ChangesFeed {
    /// A feed that keeps at least `capacity` unread changes, and fewer than twice as
    /// many. Panics if it is 0.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        ChangesFeed {
            sender: Mutex::new(Some(sender)),
        }
    }

    /// Sends `change` to every subscriber, now. Never waits, and a change nobody is
    /// subscribed to is simply gone.
    pub fn publish(&self, change: Change) {
        if let Some(sender) = self
            .sender
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            // An error only means nobody is subscribed.
            let _ = sender.send(change);
        }
    }

    /// A subscription to every change published from now on.
    pub fn subscribe(&self) -> Subscription {
        let sender = self.sender.lock().unwrap_or_else(|e| e.into_inner());
        Subscription {
            receiver: sender.as_ref().map(broadcast::Sender::subscribe),
        }
    }

    /// Closes the feed: nothing more is published, and every subscription ends once
    /// it has read what was published before.
    pub fn close(&self) {
        // The last sender dropped: receivers read what is left, then `Closed`.
        self.sender.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

impl Subscription {
    /// The next event: a change, or how many were missed; `None` once the feed is
    /// closed and everything before was read.
    pub async fn next(&mut self) -> Option<FeedEvent> {
        let receiver = self.receiver.as_mut()?;
        match receiver.recv().await {
            Ok(change) => Some(FeedEvent::Change(change)),
            // Too slow: the buffer moved on. Say so, and carry on from the oldest
            // change still kept.
            Err(RecvError::Lagged(missed)) => Some(FeedEvent::Missed(missed)),
            Err(RecvError::Closed) => None,
        }
    }
}
