// Wrong: gives each subscriber its own unbounded queue, so none ever misses a change
// Caught by a_slow_subscriber_cannot_grow_memory: "the feed kept all 1000 for it"

use crate::{Change, FeedEvent};
use std::sync::Mutex;
use tokio::sync::mpsc;

/// Where the monitor publishes its changes.
#[derive(Debug)]
pub struct ChangesFeed {
    /// One queue per subscriber; `None` once closed.
    subscribers: Mutex<Option<Vec<mpsc::UnboundedSender<Change>>>>,
}

/// One subscriber's view of the feed.
#[derive(Debug)]
pub struct Subscription {
    receiver: mpsc::UnboundedReceiver<Change>,
}

impl ChangesFeed {
    /// A feed. Every subscriber gets every change, however slow.
    pub fn new(_capacity: usize) -> Self {
        ChangesFeed {
            subscribers: Mutex::new(Some(Vec::new())),
        }
    }

    /// Sends `change` to every subscriber, now.
    pub fn publish(&self, change: Change) {
        if let Some(subscribers) = self.subscribers.lock().unwrap().as_mut() {
            // A subscriber that went away is dropped from the list.
            subscribers.retain(|subscriber| subscriber.send(change.clone()).is_ok());
        }
    }

    /// A subscription to every change published from now on.
    pub fn subscribe(&self) -> Subscription {
        let (sender, receiver) = mpsc::unbounded_channel();
        if let Some(subscribers) = self.subscribers.lock().unwrap().as_mut() {
            subscribers.push(sender);
        }
        Subscription { receiver }
    }

    /// Closes the feed.
    pub fn close(&self) {
        self.subscribers.lock().unwrap().take();
    }
}

impl Subscription {
    /// The next change; `None` once the feed is closed and everything was read.
    pub async fn next(&mut self) -> Option<FeedEvent> {
        self.receiver.recv().await.map(FeedEvent::Change)
    }
}
