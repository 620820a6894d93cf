//! What the monitor knows about a site, and what it tells its subscribers.

use bytes::Bytes;
use serde_json::{Value, json};
use std::fmt;
use std::time::Duration;

// ANCHOR: types
/// What one request brought back: the status code and the whole page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub status: u16,
    pub body: Bytes,
}

/// Why a check brought back no page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Neither the request nor its hedge answered within the timeout.
    TimedOut,
    /// The request failed: refused, reset, not HTTP.
    Failed(String),
}

/// What one check of one site found.
pub type Checked = Result<Page, Failure>;

/// A page's fingerprint: the first 8 bytes of its SHA-256. Two different pages that
/// share one are as likely as a 64-bit collision.
pub type Fingerprint = u64;

/// The latest status of a site, as the status board keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// It answered `code`, with a page whose fingerprint is `page`.
    Answered { code: u16, page: Fingerprint },
    /// No answer within the timeout.
    TimedOut,
    /// The request failed.
    Failed(String),
}

/// A site whose status is not the one the board had: a new site (`from` is `None`),
/// a new code, a changed page, or a site that stopped answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub site: String,
    pub from: Option<Status>,
    pub to: Status,
}

/// What a subscriber to the changes feed reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEvent {
    /// The next change.
    Change(Change),
    /// This many changes went by while the subscriber was not reading: it was too
    /// slow, and the feed dropped them rather than keep them for it.
    Missed(u64),
}

/// The limits of one round of checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many requests in flight in all (lesson 07).
    pub overall: usize,
    /// At most this many requests in flight to any one host (lesson 07).
    pub per_host: usize,
    /// A check gives up this long after its first request was sent (lesson 05).
    pub timeout: Duration,
    /// A site that has not answered after this long gets a second request, and the
    /// first answer of the two wins (lesson 05's hedged request).
    pub patience: Duration,
}
// ANCHOR_END: types

impl Status {
    /// The status of a check, its page fingerprinted with `page`.
    pub fn of(checked: &Checked, page: Fingerprint) -> Status {
        match checked {
            Ok(answer) => Status::Answered {
                code: answer.status,
                page,
            },
            Err(Failure::TimedOut) => Status::TimedOut,
            Err(Failure::Failed(why)) => Status::Failed(why.clone()),
        }
    }

    /// As JSON, for the monitor's endpoint.
    pub fn to_json(&self) -> Value {
        match self {
            Status::Answered { code, page } => {
                json!({"code": code, "page": format!("{page:016x}")})
            }
            Status::TimedOut => json!({"timed_out": true}),
            Status::Failed(why) => json!({"failed": why}),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Answered { code, page } => write!(f, "{code} (page {page:016x})"),
            Status::TimedOut => f.write_str("timed out"),
            Status::Failed(why) => write!(f, "failed: {why}"),
        }
    }
}

impl FeedEvent {
    /// One line of JSON, without its newline: what `/changes` sends for this event.
    pub fn line(&self) -> String {
        match self {
            FeedEvent::Change(change) => json!({
                "site": change.site,
                "from": change.from.as_ref().map(Status::to_json),
                "to": change.to.to_json(),
            })
            .to_string(),
            FeedEvent::Missed(count) => json!({ "missed": count }).to_string(),
        }
    }
}

/// The last line `/changes` sends, when the feed closes: the monitor is shutting down.
pub const CLOSED_LINE: &str = r#"{"closed":true}"#;
