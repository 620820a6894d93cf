//! The echo server once more, as callbacks on the lesson's own loop: the shape of
//! an asyncio `Protocol`. The loop pushes readiness to the handler; the handler
//! reads, writes, and decides what to wait for next. It also does flow control:
//! while the client is not reading its answers, the handler stops reading its
//! requests.

use crate::reactor::{Loop, Readiness};
use mio::net::{TcpListener, TcpStream};
use mio::{Interest, Token};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::thread::{self, JoinHandle};

// ANCHOR: accept
/// Registers a listener whose handler accepts every waiting connection and
/// registers each with its own echo handler.
pub fn listen(event_loop: &mut Loop, listener: TcpListener) -> io::Result<Token> {
    event_loop.add_io(
        listener,
        Interest::READABLE,
        |event_loop, _token, listener, _ready| {
            // mio's readiness is edge-triggered: one event may stand for many
            // connections, so accept until the OS says there are no more.
            loop {
                match listener.accept() {
                    Ok((stream, _peer)) => {
                        let _ = stream.set_nodelay(true);
                        let _ = event_loop.add_io(stream, Interest::READABLE, connection());
                    }
                    Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                    // Out of file descriptors, or a connection reset before we got
                    // to it: try again on the next event.
                    Err(_) => break,
                }
            }
        },
    )
}
// ANCHOR_END: accept

// ANCHOR: connection
/// The handler of one connection. Its state lives in the closure: the bytes read
/// but not yet written back, and what the socket is registered for.
fn connection() -> impl FnMut(&mut Loop, Token, &mut TcpStream, Readiness) {
    let mut buffer = vec![0; 64 * 1024];
    let mut unsent: Vec<u8> = Vec::new();
    let mut waiting_for = Interest::READABLE;

    move |event_loop, token, stream, _ready| {
        match echo(stream, &mut buffer, &mut unsent) {
            Ok(Open) => {
                // Flow control: with answers still unsent, wait until the
                // socket can take more, and read nothing meanwhile.
                let wanted = if unsent.is_empty() {
                    Interest::READABLE
                } else {
                    Interest::WRITABLE
                };
                if wanted != waiting_for {
                    waiting_for = wanted;
                    if event_loop
                        .registry()
                        .reregister(stream, token, wanted)
                        .is_err()
                    {
                        event_loop.close(token, None);
                    }
                }
            }
            Ok(Closed) | Err(_) => event_loop.close(token, None),
        }
    }
}

use State::{Closed, Open};

enum State {
    Open,
    Closed,
}

/// Writes what is unsent, then reads and writes back until the socket has
/// nothing more to read (`WouldBlock`) or cannot take more (`unsent` not empty).
fn echo(stream: &mut TcpStream, buffer: &mut [u8], unsent: &mut Vec<u8>) -> io::Result<State> {
    if !write_some(stream, unsent)? {
        return Ok(Open);
    }
    loop {
        match stream.read(buffer) {
            Ok(0) => return Ok(Closed),
            Ok(n) => {
                unsent.extend_from_slice(&buffer[..n]);
                if !write_some(stream, unsent)? {
                    return Ok(Open);
                }
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(Open),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// Writes as much of `unsent` as the socket takes; true if it took it all.
fn write_some(stream: &mut TcpStream, unsent: &mut Vec<u8>) -> io::Result<bool> {
    let mut written = 0;
    while written < unsent.len() {
        match stream.write(&unsent[written..]) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => written += n,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    unsent.drain(..written);
    Ok(unsent.is_empty())
}
// ANCHOR_END: connection

/// Starts the callback echo server on 127.0.0.1, on its own thread and its own
/// loop, and returns its address and the thread. The thread runs until the process
/// ends, or until the loop fails (or panics, while `run_once` is still `todo!()`).
pub fn spawn_server() -> io::Result<(SocketAddr, JoinHandle<io::Result<()>>)> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let thread = thread::Builder::new()
        .name("echo server (callbacks on the lesson's loop)".into())
        .spawn(move || {
            let mut event_loop = Loop::new()?;
            listen(&mut event_loop, TcpListener::from_std(listener))?;
            event_loop.run()
        })?;
    Ok((addr, thread))
}
