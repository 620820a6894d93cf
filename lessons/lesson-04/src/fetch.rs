//! The HTTP client of the lesson: ureq, the blocking client of lesson 02, with one
//! part swapped. Its sockets are may's, so a request that waits for the network parks
//! the coroutine that sent it, and the worker thread runs other coroutines meanwhile.
//!
//! gevent gets the same effect by monkey-patching: `patch_all()` replaces Python's
//! `socket` module at run time, and every library that uses it cooperates without
//! knowing. Rust cannot patch a library after the fact, but ureq lets you hand it the
//! connection it should use: a [`Connector`] that opens the socket, and a
//! [`Transport`] that reads and writes it. Everything HTTP (writing the request,
//! parsing the answer, chunked bodies) stays ureq's own, tested code.
//!
//! ureq marks these two traits as `unversioned`: they may change in a minor release.
//! `Cargo.lock` pins the version the workbook was written with.

use crate::Error;
use std::io::{Read, Write};
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
};

// ANCHOR: agent
/// A ureq client whose connections are may sockets. Like lesson 02's, it reports
/// every status as a status: a health check counts 404s, it does not stop at them.
pub fn agent() -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        // Every request opens its own connection: simpler to reason about when the
        // server counts requests in flight, and no pool shared between coroutines.
        .max_idle_connections(0)
        .build();
    ureq::Agent::with_parts(config, MayConnector, DefaultResolver::default())
}

/// Fetches `url` and returns its status code. Called from a coroutine, it parks only
/// that coroutine while it waits; called from a plain thread, it blocks the thread.
pub fn status(agent: &ureq::Agent, url: &str) -> Result<u16, Error> {
    let response = agent.get(url).call()?;
    Ok(response.status().as_u16())
}
// ANCHOR_END: agent

// ANCHOR: connector
/// Opens a may `TcpStream` where ureq would open a std one.
#[derive(Debug)]
pub struct MayConnector;

impl<In: Transport> Connector<In> for MayConnector {
    type Out = Either<In, MayTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        // An earlier connector in a chain (a proxy, say) already connected: keep it.
        if let Some(transport) = chained {
            return Ok(Some(Either::A(transport)));
        }
        let stream = may::net::TcpStream::connect(&details.addrs[..])?;
        // Small requests should leave at once, not wait for Nagle's algorithm.
        stream.set_nodelay(true)?;
        let config = details.config;
        let buffers = LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size());
        Ok(Some(Either::B(MayTransport { stream, buffers })))
    }
}

/// One connection: a may socket, and the buffers ureq reads and writes through.
#[derive(Debug)]
pub struct MayTransport {
    stream: may::net::TcpStream,
    buffers: LazyBuffers,
}

// The agent sets no timeouts, so the `NextTimeout`s below never expire.
impl Transport for MayTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
        // In a coroutine, a full socket buffer parks the coroutine instead of the thread.
        self.stream.write_all(&self.buffers.output()[..amount])?;
        Ok(())
    }

    fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
        // The heart of it: waiting for the server's answer parks the coroutine.
        let read = self.stream.read(self.buffers.input_append_buf())?;
        self.buffers.input_appended(read);
        Ok(read > 0)
    }

    fn is_open(&mut self) -> bool {
        // Connections are never pooled (see `agent`), so none is ever asked about again.
        false
    }
}
// ANCHOR_END: connector
