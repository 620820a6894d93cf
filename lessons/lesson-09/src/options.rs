//! Socket options: the knobs between your writes and the packets on the wire.

use socket2::SockRef;
use std::io;
use std::net::TcpStream;
use std::time::Duration;

// ANCHOR: options
/// The options a latency-minded server sets on each connection.
pub fn tune(stream: &TcpStream) -> io::Result<()> {
    // TCP_NODELAY: send each write at once, instead of holding a small write
    // back until the previous packet is acknowledged (Nagle's algorithm).
    stream.set_nodelay(true)?;
    // What the standard library does not cover, socket2 does, on a borrowed socket.
    let socket = SockRef::from(stream);
    // Keep-alive probes find peers that vanished without closing the connection.
    socket.set_tcp_keepalive(&socket2::TcpKeepalive::new().with_time(Duration::from_secs(60)))?;
    // The kernel's buffer sizes are left alone on purpose: Linux grows them as a
    // connection needs (autotuning), and setting SO_SNDBUF or SO_RCVBUF turns that off
    // for the socket, which can cap it below what autotuning would have reached
    // (the kernel's ip-sysctl documentation, under `tcp_rmem`).
    Ok(())
}

/// TCP_CORK (Linux): while the cork is in, the kernel sends only full packets;
/// pulling it out sends what is left. For code that writes a message in many
/// small pieces and cannot be changed to write it in one go.
#[cfg(target_os = "linux")]
pub fn corked<T>(stream: &TcpStream, writes: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let socket = SockRef::from(stream);
    socket.set_tcp_cork(true)?;
    let result = writes();
    socket.set_tcp_cork(false)?;
    result
}
// ANCHOR_END: options
