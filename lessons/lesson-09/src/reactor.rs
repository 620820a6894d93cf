//! A small event loop on `mio`, with the same phases as libuv's `uv_run`.
//!
//! This is what sits under uvloop (libuv) and under tokio (mio): one thread asks
//! the operating system which sockets are ready, and runs the code waiting on
//! them. Callbacks here take `&mut Loop`, so a callback can add timers, queue more
//! callbacks, or close handles, as libuv's do.
//!
//! One turn of the loop is `Loop::run_once`, which you write in the exercise
//! `reactor_turn` (`exercises/lesson-09/reactor_turn.rs`). Everything it needs is
//! here: the handle lists, and one helper per simple phase.

use mio::event::Source;
use mio::{Events, Interest, Poll, Registry, Token};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt;
use std::io;
use std::time::{Duration, Instant};

// ANCHOR: handles
/// A callback that runs once: a timer's, a deferred one, a close callback.
pub type Callback = Box<dyn FnOnce(&mut Loop)>;

/// A callback that runs on every turn of the loop: an idle, prepare or check handle.
pub type EveryTurn = Box<dyn FnMut(&mut Loop)>;

/// What the operating system said about a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Readiness {
    pub readable: bool,
    pub writable: bool,
    /// The peer closed its side, or the connection failed.
    pub closed: bool,
}

/// A timer's place in the queue: due time first, then the order timers were added
/// (two timers due together run in the order they were started, as in libuv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due {
    pub at: Instant,
    pub id: TimerId,
}

/// Names a timer, to cancel it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId(u64);

/// The event loop: the handles it owns, and the OS poller it waits on.
pub struct Loop {
    /// The OS readiness API: epoll on Linux, kqueue on macOS.
    pub(crate) poll: Poll,
    /// Where the poll writes what it saw; read by `poll_io` (your exercise).
    #[cfg_attr(not(feature = "solution"), allow(dead_code))]
    pub(crate) events: Events,
    /// The loop's idea of "now", read once per turn (libuv's `uv__update_time`):
    /// every callback in a turn sees the same time, and reading the clock is not free.
    pub(crate) now: Instant,
    /// Timers, soonest first. A cancelled timer stays in the heap; it has no
    /// callback in `timer_callbacks`, so it is skipped when it comes up.
    pub(crate) timers: BinaryHeap<Reverse<Due>>,
    pub(crate) timer_callbacks: HashMap<TimerId, Callback>,
    /// Callbacks deferred to the next turn, by `defer`. libuv's pending queue holds
    /// only I/O callbacks that libuv itself put off (a finished write's); the lesson's
    /// loop lets you add to it, as the closest it has to asyncio's `call_soon`.
    pub(crate) pending: VecDeque<Callback>,
    pub(crate) idle: Vec<EveryTurn>,
    pub(crate) prepare: Vec<EveryTurn>,
    pub(crate) check: Vec<EveryTurn>,
    /// Sockets and their handlers, by the token the poller reports them with.
    pub(crate) io: HashMap<Token, Box<dyn IoHandle>>,
    /// Handles to close at the end of this turn, with their close callbacks.
    pub(crate) closing: Vec<(Token, Option<Callback>)>,
    next_token: usize,
    next_timer: u64,
    stopped: bool,
}
// ANCHOR_END: handles

/// A registered socket with its handler. The loop stores it boxed, so the handler
/// can be called with the socket it was registered with, whatever its type.
pub(crate) trait IoHandle {
    fn call(&mut self, event_loop: &mut Loop, token: Token, readiness: Readiness);
    fn deregister(&mut self, registry: &Registry) -> io::Result<()>;
}

struct Registered<S, F> {
    source: S,
    handler: F,
}

impl<S, F> IoHandle for Registered<S, F>
where
    S: Source,
    F: FnMut(&mut Loop, Token, &mut S, Readiness),
{
    fn call(&mut self, event_loop: &mut Loop, token: Token, readiness: Readiness) {
        (self.handler)(event_loop, token, &mut self.source, readiness);
    }

    fn deregister(&mut self, registry: &Registry) -> io::Result<()> {
        registry.deregister(&mut self.source)
    }
}

impl fmt::Debug for Loop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loop")
            .field("timers", &self.timer_callbacks.len())
            .field("pending", &self.pending.len())
            .field("idle", &self.idle.len())
            .field("prepare", &self.prepare.len())
            .field("check", &self.check.len())
            .field("io", &self.io.len())
            .field("closing", &self.closing.len())
            .finish()
    }
}

// ANCHOR: api
impl Loop {
    pub fn new() -> io::Result<Loop> {
        Ok(Loop {
            poll: Poll::new()?,
            events: Events::with_capacity(256),
            now: Instant::now(),
            timers: BinaryHeap::new(),
            timer_callbacks: HashMap::new(),
            pending: VecDeque::new(),
            idle: Vec::new(),
            prepare: Vec::new(),
            check: Vec::new(),
            io: HashMap::new(),
            closing: Vec::new(),
            next_token: 0,
            next_timer: 0,
            stopped: false,
        })
    }

    /// The loop's time: when the current turn started.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Runs `callback` once, `delay` after the loop's current time (`setTimeout`,
    /// `loop.call_later`).
    pub fn add_timer(
        &mut self,
        delay: Duration,
        callback: impl FnOnce(&mut Loop) + 'static,
    ) -> TimerId {
        let id = TimerId(self.next_timer);
        self.next_timer += 1;
        self.timers.push(Reverse(Due {
            at: self.now + delay,
            id,
        }));
        self.timer_callbacks.insert(id, Box::new(callback));
        id
    }

    /// Cancels a timer that has not fired yet.
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.timer_callbacks.remove(&id);
    }

    /// Runs `callback` in the pending phase of the next turn: the lesson's stand-in for
    /// `loop.call_soon`. (uvloop runs `call_soon` callbacks from an idle handle; libuv
    /// has no call that adds to its pending queue.)
    pub fn defer(&mut self, callback: impl FnOnce(&mut Loop) + 'static) {
        self.pending.push_back(Box::new(callback));
    }

    /// Idle handles run on every turn, and while there is one the loop never
    /// blocks waiting for I/O.
    pub fn add_idle(&mut self, callback: impl FnMut(&mut Loop) + 'static) {
        self.idle.push(Box::new(callback));
    }

    /// Prepare handles run on every turn, just before the loop waits for I/O.
    pub fn add_prepare(&mut self, callback: impl FnMut(&mut Loop) + 'static) {
        self.prepare.push(Box::new(callback));
    }

    /// Check handles run on every turn, just after the loop waited for I/O.
    pub fn add_check(&mut self, callback: impl FnMut(&mut Loop) + 'static) {
        self.check.push(Box::new(callback));
    }

    /// Registers a socket: from now on, whenever the OS reports it ready for
    /// `interest`, the loop calls `handler` with it (a libuv handle, an asyncio
    /// transport calling its protocol).
    pub fn add_io<S, F>(
        &mut self,
        mut source: S,
        interest: Interest,
        handler: F,
    ) -> io::Result<Token>
    where
        S: Source + 'static,
        F: FnMut(&mut Loop, Token, &mut S, Readiness) + 'static,
    {
        let token = Token(self.next_token);
        self.next_token += 1;
        self.poll
            .registry()
            .register(&mut source, token, interest)?;
        self.io
            .insert(token, Box::new(Registered { source, handler }));
        Ok(token)
    }

    /// The registry, for a handler that changes what it waits for
    /// (`registry().reregister(socket, token, Interest::WRITABLE)`).
    pub fn registry(&self) -> &Registry {
        self.poll.registry()
    }

    /// Asks for a handle to be closed at the end of this turn (`uv_close`);
    /// `on_close` runs then.
    pub fn close(&mut self, token: Token, on_close: Option<Callback>) {
        self.closing.push((token, on_close));
    }

    /// Makes `run` return after the current turn (`uv_stop`, `loop.stop()`).
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// Is there anything left that could ever run? (libuv's `uv__loop_alive`.)
    pub fn alive(&self) -> bool {
        !self.timer_callbacks.is_empty()
            || !self.pending.is_empty()
            || !self.idle.is_empty()
            || !self.io.is_empty()
            || !self.closing.is_empty()
    }

    /// Turns the loop until nothing is left to run, or until `stop` is called.
    pub fn run(&mut self) -> io::Result<()> {
        while self.alive() && !self.stopped {
            self.run_once()?;
        }
        self.stopped = false;
        Ok(())
    }
}
// ANCHOR_END: api

// ANCHOR: phases
// The simple phases, for `run_once` to call in the right order.
impl Loop {
    /// Phase 1: read the clock once for the whole turn.
    pub fn update_time(&mut self) {
        self.now = Instant::now();
    }

    /// Runs the callbacks that were pending when the phase began. Those they
    /// defer in turn wait for the next turn, so a callback that defers itself
    /// cannot keep the loop from reaching the poll.
    pub fn run_pending(&mut self) {
        let batch = std::mem::take(&mut self.pending);
        for callback in batch {
            callback(self);
        }
    }

    pub fn run_idle(&mut self) {
        run_every_turn(self, |l| &mut l.idle);
    }

    pub fn run_prepare(&mut self) {
        run_every_turn(self, |l| &mut l.prepare);
    }

    pub fn run_check(&mut self) {
        run_every_turn(self, |l| &mut l.check);
    }

    /// Calls the handler registered under `token`, if it is still registered.
    /// The handler is taken out of the table while it runs, so that it can use
    /// the loop (add handles, close itself) without aliasing its own entry.
    pub fn dispatch(&mut self, token: Token, readiness: Readiness) {
        if let Some(mut handle) = self.io.remove(&token) {
            handle.call(self, token, readiness);
            self.io.insert(token, handle);
        }
    }

    /// The last phase: deregister the handles closed during this turn and run
    /// their close callbacks.
    pub fn run_closing(&mut self) {
        for (token, on_close) in std::mem::take(&mut self.closing) {
            if let Some(mut handle) = self.io.remove(&token) {
                // The socket is dropped (closed) right after; a failure to
                // deregister leaves nothing to clean up.
                let _ = handle.deregister(self.poll.registry());
            }
            if let Some(on_close) = on_close {
                on_close(self);
            }
        }
    }
}

/// Runs every handle of one every-turn list. Handles added while the list runs
/// start on the next turn.
fn run_every_turn(event_loop: &mut Loop, list: fn(&mut Loop) -> &mut Vec<EveryTurn>) {
    let mut running = std::mem::take(list(event_loop));
    for callback in &mut running {
        callback(event_loop);
    }
    let added = std::mem::replace(list(event_loop), running);
    list(event_loop).extend(added);
}

/// Turns a mio event into the loop's own readiness report.
pub fn readiness(event: &mio::event::Event) -> Readiness {
    Readiness {
        readable: event.is_readable(),
        writable: event.is_writable(),
        closed: event.is_read_closed() || event.is_write_closed() || event.is_error(),
    }
}
// ANCHOR_END: phases
