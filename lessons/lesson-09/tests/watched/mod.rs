//! A stream that notes what the server does with it, for a failing check to draw: when
//! each frame began to arrive and when it was whole, when each echo was written out in
//! full, a write that failed, the end of what the client sent, and when the server let
//! the stream go (closing the connection). The test adds what it measured itself: when
//! the server's function returned, the client's side, a call that never returned.
//!
//! The server's code never sees the difference: [`Watched`] passes every read and write
//! through unchanged and only looks at the bytes. Frames are counted from the bytes
//! themselves (a 4-byte big-endian length, then the payload), so the echo of frame 7 is
//! the seventh frame written back.

use kit::timeline::{Span, Timeline};
use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the server did, as the stream saw it. Frames are numbered from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The server read the first byte of frame `n`.
    FrameBegun(usize),
    /// The server read the last byte of frame `n`: it can decode it now.
    FrameWhole(usize),
    /// The server wrote the last byte of the echo of frame `n`.
    EchoWritten(usize),
    /// The server read the end of the stream: the client closed its side.
    ClientClosed,
    /// A write failed.
    WriteFailed,
    /// The server dropped the stream: the connection is closed.
    Closed,
    /// The server's function returned (noted by the test, which called it).
    Returned,
}

/// Which clock the log reads.
#[derive(Debug, Clone, Copy)]
enum Clock {
    /// The real clock, which moves on however briefly while everything runs at one
    /// instant of tokio's paused clock: the order of events, as they happened. Two
    /// readings never tie (the second is moved on by a nanosecond if they would), so
    /// the drawing keeps that order exactly.
    Real(std::time::Instant),
    /// tokio's clock: with the clock paused, exact times (a frame at 0.5 s, a
    /// timeout at 1.5 s), the same in every run.
    Tokio(tokio::time::Instant),
}

/// The events of one connection, and when each happened. Clones share the log.
#[derive(Debug, Clone)]
pub struct Log(Rc<RefCell<Entries>>);

#[derive(Debug)]
struct Entries {
    clock: Clock,
    /// The last reading of the clock.
    last: Duration,
    events: Vec<(Duration, Event)>,
    /// What the test measured itself.
    added: Vec<Span>,
}

impl Log {
    /// A log on the real clock, starting now.
    pub fn real() -> Log {
        Log::on(Clock::Real(std::time::Instant::now()))
    }

    /// A log on tokio's clock, starting now.
    pub fn tokio() -> Log {
        Log::on(Clock::Tokio(tokio::time::Instant::now()))
    }

    fn on(clock: Clock) -> Log {
        Log(Rc::new(RefCell::new(Entries {
            clock,
            last: Duration::ZERO,
            events: Vec::new(),
            added: Vec::new(),
        })))
    }

    /// Now, on the log's clock.
    pub fn now(&self) -> Duration {
        self.0.borrow_mut().read_clock()
    }

    /// Adds a span the test measured itself, on `lane`, from `start` to now.
    pub fn add(&self, lane: &str, label: impl Into<String>, kind: &str, start: Duration) {
        let end = self.now();
        self.0.borrow_mut().added.push(Span {
            lane: lane.to_owned(),
            label: label.into(),
            kind: kind.to_owned(),
            start,
            end,
        });
    }

    /// The spans the test added so far.
    pub fn added(&self) -> Vec<Span> {
        self.0.borrow().added.clone()
    }

    /// Notes `event` as happening now.
    pub fn note(&self, event: Event) {
        let mut entries = self.0.borrow_mut();
        let at = entries.read_clock();
        entries.events.push((at, event));
    }

    /// Every event so far, in the order they happened.
    pub fn events(&self) -> Vec<(Duration, Event)> {
        self.0.borrow().events.clone()
    }

    /// When `event` happened, if it did.
    pub fn when(&self, event: Event) -> Option<Duration> {
        let entries = self.0.borrow();
        let found = entries.events.iter().find(|(_, seen)| *seen == event);
        found.map(|(at, _)| *at)
    }

    /// `stream`, watched: what the server does with it goes into this log.
    pub fn watch<S>(&self, stream: S) -> Watched<S> {
        Watched {
            inner: stream,
            log: self.clone(),
            reading: Framing::default(),
            writing: Framing::default(),
        }
    }
}

/// `spans` with each lane's together, lanes in the order they began: as a
/// [`Timeline`] gives them, and the picture draws them.
pub fn in_lane_order(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|span| span.start);
    let timeline = Timeline::new();
    for span in spans {
        timeline.record_span(span);
    }
    timeline.spans()
}

impl Entries {
    fn read_clock(&mut self) -> Duration {
        self.last = match self.clock {
            Clock::Real(origin) => origin.elapsed().max(self.last + Duration::from_nanos(1)),
            Clock::Tokio(origin) => origin.elapsed(),
        };
        self.last
    }
}

/// A stream whose reads and writes are noted in a [`Log`]; see [`Log::watch`].
#[derive(Debug)]
pub struct Watched<S> {
    inner: S,
    log: Log,
    reading: Framing,
    writing: Framing,
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = read {
            let this = &mut *self;
            let bytes = &buf.filled()[before..];
            if bytes.is_empty() && buf.remaining() > 0 {
                this.log.note(Event::ClientClosed);
            }
            for edge in this.reading.take(bytes) {
                this.log.note(match edge {
                    Edge::Begun(n) => Event::FrameBegun(n),
                    Edge::Whole(n) => Event::FrameWhole(n),
                });
            }
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        match written {
            Poll::Ready(Ok(n)) => {
                let this = &mut *self;
                for edge in this.writing.take(&buf[..n]) {
                    if let Edge::Whole(n) = edge {
                        this.log.note(Event::EchoWritten(n));
                    }
                }
            }
            Poll::Ready(Err(_)) => self.log.note(Event::WriteFailed),
            Poll::Pending => {}
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl<S> Drop for Watched<S> {
    fn drop(&mut self) {
        self.log.note(Event::Closed);
    }
}

/// Where a stream of length-prefixed frames has got to: inside a frame's header, or
/// inside its payload with some bytes left.
#[derive(Debug, Default)]
struct Framing {
    /// Frames begun so far.
    begun: usize,
    /// The header bytes of the current frame seen so far (4 once it is complete).
    header: Vec<u8>,
    /// Payload bytes the current frame still needs, once its header is complete.
    left: usize,
}

/// A frame's first byte, or its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    Begun(usize),
    Whole(usize),
}

impl Framing {
    /// Takes the next `bytes` of the stream; returns the frames they begin and end.
    fn take(&mut self, mut bytes: &[u8]) -> Vec<Edge> {
        let mut edges = Vec::new();
        while let Some((&byte, rest)) = bytes.split_first() {
            if self.header.len() < 4 {
                if self.header.is_empty() {
                    edges.push(Edge::Begun(self.begun));
                    self.begun += 1;
                }
                self.header.push(byte);
                bytes = rest;
                if self.header.len() == 4 {
                    let length: [u8; 4] = self.header[..].try_into().unwrap_or_default();
                    self.left = u32::from_be_bytes(length) as usize;
                }
            } else {
                let taken = self.left.min(bytes.len());
                self.left -= taken;
                bytes = &bytes[taken..];
            }
            if self.header.len() == 4 && self.left == 0 {
                edges.push(Edge::Whole(self.begun - 1));
                self.header.clear();
            }
        }
        edges
    }
}
