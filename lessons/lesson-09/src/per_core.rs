//! "Parallel plus async": several event loops, one per core, each with its own
//! listener. Rogowski's talk draws it as several processes each running its own
//! loop, the way asyncio and uvloop servers are scaled (gunicorn's workers, say). In
//! Rust the loops can be threads of one process: a current-thread runtime each.
//!
//! The other way to use the cores is one runtime with a worker per core, whose
//! workers steal tasks from each other. Both are here, serving the codec echo of
//! [`crate::sockets`], so the echo benchmark can set them side by side.

use crate::sockets::{Style, serve};
use socket2::{Domain, Protocol, Socket, Type};
use std::io;
use std::net::SocketAddr;
use std::thread;

// ANCHOR: per_core
/// Starts `loops` threads, each running its own current-thread runtime with its own
/// listener on the same address. `SO_REUSEPORT` lets the sockets share the port, and
/// the kernel spreads new connections over them; a connection then stays on the loop
/// that accepted it, for its whole life.
pub fn spawn_per_core(style: Style, loops: usize) -> io::Result<SocketAddr> {
    let mut addr: SocketAddr = "127.0.0.1:0".parse().expect("a valid address");
    for n in 0..loops {
        // The first listener picks a free port; the others join it there.
        let listener = reuse_port_listener(addr)?;
        addr = listener.local_addr()?;
        thread::Builder::new()
            .name(format!("echo loop {n}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .build()
                    .expect("a tokio runtime for this loop");
                let _ = runtime.block_on(async {
                    serve(tokio::net::TcpListener::from_std(listener)?, style).await
                });
            })?;
    }
    Ok(addr)
}

/// A listening socket with `SO_REUSEPORT` set before `bind`, as the option requires
/// of every socket that shares the port.
fn reuse_port_listener(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_port(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}
// ANCHOR_END: per_core

// ANCHOR: multi_thread
/// One multi-thread runtime with `workers` worker threads and one listener: the
/// accept loop and every connection are tasks, and an idle worker steals tasks from
/// a busy one.
pub fn spawn_multi_thread(style: Style, workers: usize) -> io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_io()
        .build()?;
    thread::Builder::new()
        .name("echo, multi-thread runtime".to_owned())
        .spawn(move || {
            let _ = runtime.block_on(async {
                serve(tokio::net::TcpListener::from_std(listener)?, style).await
            });
        })?;
    Ok(addr)
}
// ANCHOR_END: multi_thread

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sockets::round_trip;

    #[test]
    fn both_servers_echo_on_every_connection() {
        for addr in [
            spawn_per_core(Style::Codec, 2).unwrap(),
            spawn_multi_thread(Style::Codec, 2).unwrap(),
        ] {
            // Enough connections that both per-core listeners get some.
            for n in 0..8_u8 {
                let mut client = std::net::TcpStream::connect(addr).unwrap();
                assert_eq!(round_trip(&mut client, &[n; 100]).unwrap(), [n; 100]);
            }
        }
    }
}
