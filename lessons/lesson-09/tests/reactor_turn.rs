//! Checks for the `reactor_turn` exercise: `exercises/lesson-09/reactor_turn.rs`.
//!
//! The loop runs real sockets on 127.0.0.1 and the real clock, so nothing here
//! depends on timing: the checks are on order (which callback ran before which),
//! on the loop's own time, and on which handler an event reached. A turn that waits
//! for I/O which never comes is woken by a watchdog after a few seconds, so that the
//! test can say why instead of hanging.
//!
//! A failing check draws the loop's turns (`tests/turns/`): each callback, each timer
//! from when it was added to when it ran, and the poll, so that a timer run after the
//! poll, or a poll that blocked until the watchdog woke it, shows.

mod turns;

use kit::exercise::{Exercise, RunDrawing};
use kit::timeline::Lane;
use lesson_09::reactor::{Loop, Readiness};
use lesson_09::{reactor_echo, sockets};
use mio::{Interest, Token, Waker};
use std::cell::RefCell;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};
use turns::{Turns, WOKEN};

const EXERCISE: Exercise = Exercise::new("reactor_turn", "exercises/lesson-09/reactor_turn.rs");

/// How a failure introduces the run it draws.
const AS_THE_LOOP_TURNED: &str = "as the loop turned (a row per callback, per timer and \
     for the poll: ... a timer waiting to run, [=== a callback running, or the loop \
     polling, from just after the prepare phase to whatever ran next)";

/// What the callbacks of a test saw, in order, and the turns they ran in.
#[derive(Clone)]
struct Trace {
    seen: Rc<RefCell<Vec<String>>>,
    turns: Rc<Turns>,
}

impl Trace {
    fn new() -> Trace {
        Trace {
            seen: Rc::default(),
            turns: Turns::new(),
        }
    }

    fn push(&self, what: impl Into<String>) {
        let what = what.into();
        self.turns.ran(&what);
        self.seen.borrow_mut().push(what);
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.seen.borrow_mut())
    }

    /// Notes a timer added now, whose callback pushes `name`.
    fn timer_added(&self, name: &str) {
        self.turns.timer_added(name);
    }

    /// Notes that the timer whose callback pushes `name` was cancelled now.
    fn timer_cancelled(&self, name: &str) {
        self.turns.timer_cancelled(name);
    }

    /// Watches `event_loop`'s poll: once the test's own handles are in.
    fn watch(&self, event_loop: &mut Loop) {
        self.turns.watch(event_loop);
    }

    /// The run so far, drawn when a failure displays it.
    fn run(&self) -> RunDrawing {
        EXERCISE.run_of(AS_THE_LOOP_TURNED, self.turns.spans())
    }
}

/// How long a turn may wait before the watchdog wakes it. Every loop in these
/// tests has its work done within milliseconds; only a poll that waits for I/O that
/// never comes gets near this.
const WATCHDOG: Duration = Duration::from_secs(3);

/// Wakes a loop's poll from another thread every [`WATCHDOG`] until dropped, and
/// remembers that it had to (on the trace's drawing too).
struct Watchdog {
    barked: Arc<AtomicBool>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Watchdog {
    fn new(event_loop: &Loop, trace: &Trace) -> Watchdog {
        // No handler is registered under this token: `dispatch` ignores its events.
        let waker = Waker::new(event_loop.registry(), Token(usize::MAX)).unwrap();
        let barked = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = mpsc::channel::<()>();
        let timeline = trace.turns.timeline();
        let thread = thread::spawn({
            let barked = Arc::clone(&barked);
            move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(WATCHDOG) {
                    // Noted before the wake-up, so that the woken test draws it.
                    timeline.begin(Lane::named(WOKEN), "wake").end("woke");
                    barked.store(true, Ordering::Relaxed);
                    let _ = waker.wake();
                }
            }
        });
        Watchdog {
            barked,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn barked(&self) -> bool {
        self.barked.load(Ordering::Relaxed)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A connected pair of sockets on 127.0.0.1: (client, server side, non-blocking for mio).
fn pair(listener: &TcpListener) -> (TcpStream, mio::net::TcpStream) {
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    server.set_nonblocking(true).unwrap();
    (client, mio::net::TcpStream::from_std(server))
}

#[test]
fn one_turn_runs_the_phases_in_libuvs_order() {
    EXERCISE.run(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (mut client, server) = pair(&listener);
        client.write_all(b"x").unwrap();
        // Wait until the byte has arrived, so the socket is readable before the turn.
        let mut peek = [0; 1];
        while server.peek(&mut peek).is_err() {
            thread::yield_now();
        }

        let mut event_loop = Loop::new().unwrap();
        let trace = Trace::new();
        let watchdog = Watchdog::new(&event_loop, &trace);
        let t = trace.clone();
        trace.timer_added("timer");
        event_loop.add_timer(Duration::ZERO, move |_| t.push("timer"));
        let t = trace.clone();
        event_loop.defer(move |_| t.push("pending"));
        let t = trace.clone();
        event_loop.add_idle(move |_| t.push("idle"));
        let t = trace.clone();
        event_loop.add_prepare(move |_| t.push("prepare"));
        let t = trace.clone();
        event_loop.add_check(move |_| t.push("check"));
        let t = trace.clone();
        event_loop
            .add_io(
                server,
                Interest::READABLE,
                move |event_loop, token, _socket, _ready| {
                    t.push("io");
                    let t = t.clone();
                    event_loop.close(token, Some(Box::new(move |_| t.push("close"))));
                },
            )
            .unwrap();
        trace.watch(&mut event_loop);

        event_loop.run_once().unwrap();
        EXERCISE.check_eq(
            trace.take(),
            [
                "timer", "pending", "idle", "prepare", "io", "check", "close",
            ],
            format_args!(
                "One turn of libuv's loop: update the time, run due timers, pending \
                 callbacks, idle handles, prepare handles, poll for I/O (and call the \
                 handlers of ready sockets), check handles, then close the handles \
                 closed during the turn. A phase missing or out of place is shown here.\n{}",
                trace.run()
            ),
        );

        event_loop.run_once().unwrap();
        EXERCISE.check(
            !watchdog.barked(),
            format_args!(
                "A turn with an idle handle waited {WATCHDOG:?} for I/O that never came, \
                 until the test woke it: idle handles run on every turn, so while there \
                 is one the poll must not block. `poll_timeout` should say \
                 `Some(Duration::ZERO)`.\n{}",
                trace.run()
            ),
        );
        EXERCISE.check_eq(
            trace.take(),
            ["idle", "prepare", "check"],
            format_args!(
                "On the second turn only the every-turn handles run: the timer fired, \
                 the pending callback ran, and the socket was closed, once each.\n{}",
                trace.run()
            ),
        );
    });
}

#[test]
fn timers_fire_in_order_and_never_early() {
    EXERCISE.run(|| {
        let mut event_loop = Loop::new().unwrap();
        let trace = Trace::new();
        let watchdog = Watchdog::new(&event_loop, &trace);
        let start = event_loop.now();
        for (name, ms) in [
            ("30 ms", 30),
            ("10 ms, first", 10),
            ("20 ms", 20),
            ("10 ms, second", 10),
        ] {
            let t = trace.clone();
            let due = start + Duration::from_millis(ms);
            trace.timer_added(name);
            event_loop.add_timer(Duration::from_millis(ms), move |event_loop| {
                t.push(name);
                if event_loop.now() < due || Instant::now() < due {
                    t.push(format!("{name} fired early"));
                }
            });
        }
        let t = trace.clone();
        trace.timer_added("cancelled");
        let cancelled =
            event_loop.add_timer(Duration::from_millis(15), move |_| t.push("cancelled"));
        event_loop.cancel_timer(cancelled);
        trace.timer_cancelled("cancelled");
        trace.watch(&mut event_loop);

        event_loop.run().unwrap();
        EXERCISE.check(
            !watchdog.barked(),
            format_args!(
                "With timers 10 to 30 ms ahead and no sockets, the loop waited \
                 {WATCHDOG:?} for I/O that never came, until the test woke it: with \
                 timers pending, `poll_timeout` must return the time until the next \
                 one, not `None`.\n{}",
                trace.run()
            ),
        );
        EXERCISE.check_eq(
            trace.take(),
            ["10 ms, first", "10 ms, second", "20 ms", "30 ms"],
            format_args!(
                "Timers fire soonest first, two due together in the order they were \
                 added, a cancelled one never, and none before its time (compare \
                 `due.at` with `self.now`).\n{}",
                trace.run()
            ),
        );
    });
}

#[test]
fn every_due_timer_runs_in_the_same_turn() {
    EXERCISE.run(|| {
        let mut event_loop = Loop::new().unwrap();
        let trace = Trace::new();
        for name in ["first", "second", "third"] {
            let t = trace.clone();
            trace.timer_added(name);
            event_loop.add_timer(Duration::ZERO, move |_| t.push(name));
        }
        let t = trace.clone();
        event_loop.add_check(move |_| t.push("check"));
        trace.watch(&mut event_loop);
        event_loop.run_once().unwrap();
        EXERCISE.check_eq(
            trace.take(),
            ["first", "second", "third", "check"],
            format_args!(
                "Three timers were due when the turn began, and all three should run in \
                 that turn's timer phase, before the check handle: `run_due_timers` keeps \
                 taking timers while the soonest one is due (`while let`, not `if let`).\n{}",
                trace.run()
            ),
        );
    });
}

#[test]
fn timers_are_due_by_the_loops_time() {
    EXERCISE.run(|| {
        let mut event_loop = Loop::new().unwrap();
        let trace = Trace::new();
        let t = trace.clone();
        event_loop.add_timer(Duration::from_millis(2), move |_| t.push("timer"));
        // The clock passes the timer's due time; the loop's time, read at the start
        // of a turn, does not move until the next turn.
        let due = event_loop.now() + Duration::from_millis(2);
        while Instant::now() <= due {
            thread::sleep(Duration::from_millis(1));
        }
        event_loop.run_due_timers();
        EXERCISE.check_eq(
            trace.take(),
            Vec::<String>::new(),
            "A timer due 2 ms after the loop's time ran, though the loop's time \
             (`self.now`) had not reached it; only the clock had. A turn reads the \
             clock once, in `update_time`, and every phase of it uses that time: \
             compare `due.at` with `self.now`, not with `Instant::now()`.",
        );
        event_loop.update_time();
        event_loop.run_due_timers();
        EXERCISE.check_eq(
            trace.take(),
            ["timer"],
            "Once the loop's time has passed it, the timer runs.",
        );
    });
}

#[test]
fn poll_timeout_says_how_long_to_wait() {
    EXERCISE.run(|| {
        let mut event_loop = Loop::new().unwrap();
        EXERCISE.check_eq(
            event_loop.poll_timeout(),
            Some(Duration::ZERO),
            "A loop with nothing in it is not alive: it must not wait at all.",
        );

        let listener = mio::net::TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        event_loop
            .add_io(listener, Interest::READABLE, |_, _, _, _| {})
            .unwrap();
        EXERCISE.check_eq(
            event_loop.poll_timeout(),
            None,
            "With only a socket to wait for, and no timer, the poll may wait for as \
             long as it takes: `None`.",
        );

        event_loop.add_timer(Duration::from_millis(250), |_| {});
        let cancelled = event_loop.add_timer(Duration::from_millis(100), |_| {});
        event_loop.cancel_timer(cancelled);
        let timeout = event_loop.poll_timeout();
        let why = match timeout {
            None => {
                "`None` would let the poll sleep through the timer: with a timer \
                 pending, wait at most until it is due."
            }
            Some(wait) if wait <= Duration::from_millis(100) => {
                "That is the cancelled timer's time: a cancelled timer stays in the \
                 heap, but its id is gone from `timer_callbacks`; skip it, or the loop \
                 wakes up for nothing."
            }
            Some(_) => {
                "Measure from the loop's time `self.now`, the time the turn began \
                 and the timers were set from, not from a fresh `Instant::now()`."
            }
        };
        EXERCISE.check_eq(
            timeout,
            Some(Duration::from_millis(250)),
            format_args!(
                "With a timer 250 ms ahead (and a cancelled one at 100 ms), the poll may \
                 wait exactly until the live timer is due. {why}"
            ),
        );

        event_loop.defer(|_| {});
        EXERCISE.check_eq(
            event_loop.poll_timeout(),
            Some(Duration::ZERO),
            "With a pending callback waiting, the poll must not block: the callback \
             would wait for I/O that may never come.",
        );
        event_loop.run_pending();
        let closed = event_loop
            .add_io(
                mio::net::TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap(),
                Interest::READABLE,
                |_, _, _, _| {},
            )
            .unwrap();
        event_loop.close(closed, None);
        EXERCISE.check_eq(
            event_loop.poll_timeout(),
            Some(Duration::ZERO),
            "With a handle waiting to be closed, the poll must not block: its close \
             callback would wait for I/O that may never come.",
        );
        event_loop.run_closing();
        event_loop.add_idle(|_| {});
        EXERCISE.check_eq(
            event_loop.poll_timeout(),
            Some(Duration::ZERO),
            "With an idle handle, the poll must not block: idle handles run on every \
             turn, so the loop keeps turning.",
        );
    });
}

#[test]
fn each_event_goes_to_its_own_handler() {
    EXERCISE.run(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (mut client_a, server_a) = pair(&listener);
        let (mut client_b, server_b) = pair(&listener);
        let mut event_loop = Loop::new().unwrap();
        let trace = Trace::new();
        for (name, server) in [("A", server_a), ("B", server_b)] {
            let t = trace.clone();
            event_loop
                .add_io(
                    server,
                    Interest::READABLE,
                    move |_, _, socket, ready: Readiness| {
                        let mut buffer = [0; 64];
                        let n = socket.read(&mut buffer).unwrap_or(0);
                        t.push(format!(
                            "{name} read {:?}",
                            String::from_utf8_lossy(&buffer[..n])
                        ));
                        assert!(ready.readable);
                    },
                )
                .unwrap();
        }

        client_b.write_all(b"to B").unwrap();
        // No timers, nothing pending: this turn waits until B's bytes arrive.
        event_loop.run_once().unwrap();
        client_a.write_all(b"to A").unwrap();
        event_loop.run_once().unwrap();
        EXERCISE.check_eq(
            trace.take(),
            ["B read \"to B\"", "A read \"to A\""],
            "Each ready socket's event goes to the handler registered with its \
             token (`event.token()`), and only to it.",
        );
    });
}

#[test]
fn the_callback_echo_server_runs_on_your_loop() {
    EXERCISE.run(|| {
        let (addr, server) = reactor_echo::spawn_server().unwrap();
        let mut client = match TcpStream::connect(addr) {
            Ok(client) => client,
            // The listener is gone: the loop that owned it has stopped.
            Err(error) => stopped(server, error),
        };
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        for size in [1, 1000, 100 * 1024] {
            let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            match sockets::round_trip(&mut client, &payload) {
                Ok(echo) => EXERCISE.check(
                    echo == payload,
                    format_args!("The echo of {size} bytes came back different."),
                ),
                Err(error) if finishes(&server) => stopped(server, error),
                Err(error) => EXERCISE.fail(format_args!(
                    "the echo of {size} bytes did not come back: {error}. Does every \
                     turn poll, and call the handlers of the ready sockets?"
                )),
            }
        }
    });
}

/// Explains why the echo server's loop is gone.
fn stopped(server: thread::JoinHandle<std::io::Result<()>>, error: std::io::Error) -> ! {
    EXERCISE.fail(format_args!(
        "the echo server's loop stopped ({error} on the client): {}",
        match server.join() {
            Ok(Err(error)) => format!("`run` returned the error {error}"),
            Ok(Ok(())) => "`run` returned while a listener was open".to_owned(),
            Err(_) => "it panicked (a `todo!()` left?); its message is printed above".to_owned(),
        }
    ))
}

/// Has the server's thread ended, or does it end within a moment? A reset
/// connection can reach the client while the thread is still unwinding.
fn finishes(server: &thread::JoinHandle<std::io::Result<()>>) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    while !server.is_finished() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    server.is_finished()
}
