//! Every server of the benchmark runs in a process of its own, Rust and Python alike,
//! so the kernel's accounting of that process (`/proc/<pid>/stat`) says how much CPU
//! the server used, and nothing else is counted with it: not the load client, not the
//! other servers.
//!
//! A Rust server is this program again, started with `--serve NAME`; a Python one is
//! `python/echo_server.py`. Each prints its port on its first line, and stops when its
//! standard input closes, that is when this program ends, however it ends.

use kit::cpu::ProcessTimes;
use lesson_09::sockets::{self, Style};
use lesson_09::{per_core, reactor_echo};
use std::io::{self, BufRead, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A server the benchmark can start.
#[derive(Debug, Clone, Copy)]
pub enum Server {
    /// One of `sockets`'s tokio servers, on one thread.
    Tokio(Style),
    /// The callback server on the lesson's own loop (the learner's `run_once`).
    Callbacks,
    /// The codec server, one current-thread runtime per core.
    PerCore,
    /// The codec server on one multi-thread runtime, a worker per core.
    MultiThread,
    /// `python/echo_server.py API`, on asyncio's loop or on uvloop's.
    Python { api: &'static str, uvloop: bool },
}

/// Every server, in the order of the table; with `first_drafts`, the first drafts of
/// the three tokio servers too (`lesson_09::first_draft`).
pub fn all(first_drafts: bool) -> Vec<Server> {
    let mut servers: Vec<Server> = Style::ALL.into_iter().map(Server::Tokio).collect();
    if first_drafts {
        servers.extend(Style::FIRST_DRAFTS.map(Server::Tokio));
    }
    servers.extend([Server::Callbacks, Server::PerCore, Server::MultiThread]);
    for uvloop in [false, true] {
        for api in ["sockets", "streams", "protocol"] {
            servers.push(Server::Python { api, uvloop });
        }
    }
    servers
}

impl Server {
    /// The name in the table, and after `--serve` for a Rust server.
    pub fn name(self) -> String {
        let cores = cores();
        match self {
            Server::Tokio(style) => format!("tokio, {}", style.name()),
            Server::Callbacks => "callbacks on the lesson's loop".to_owned(),
            Server::PerCore => format!("tokio, codec, {cores} loops, 1 per core"),
            Server::MultiThread => format!("tokio, codec, multi-thread ({cores})"),
            Server::Python { api, uvloop } => {
                format!("{}-{api}", if uvloop { "uvloop" } else { "asyncio" })
            }
        }
    }

    pub fn is_python(self) -> bool {
        matches!(self, Server::Python { .. })
    }

    /// Starts the server in a process of its own and waits until it answers.
    pub fn start(self) -> Result<Running, String> {
        let mut command = match self {
            Server::Python { api, uvloop } => {
                let mut command = Command::new("python3");
                command.arg(script()).arg(api).arg("0");
                if uvloop {
                    command.arg("--uvloop");
                }
                command
            }
            _ => {
                let mut command = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
                command.arg("--serve").arg(self.name());
                command
            }
        };
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| match error.kind() {
                io::ErrorKind::NotFound if self.is_python() => "no python3 here".to_owned(),
                _ => error.to_string(),
            })?;
        let mut port = String::new();
        let read = BufReader::new(child.stdout.take().expect("piped")).read_line(&mut port);
        let Some(port) = read.ok().and_then(|_| port.trim().parse::<u16>().ok()) else {
            let mut why = String::new();
            let _ = child.stderr.take().expect("piped").read_to_string(&mut why);
            let _ = child.kill();
            let _ = child.wait();
            return Err(explain(&why));
        };
        // Whatever the server prints from now on is not read; drained, it cannot fill
        // the pipe and stop the server.
        let stderr = child.stderr.take().expect("piped");
        std::thread::spawn(move || io::copy(&mut { stderr }, &mut io::sink()));
        let running = Running {
            child,
            addr: (Ipv4Addr::LOCALHOST, port).into(),
        };
        probe(running.addr).map_err(|error| match self {
            Server::Callbacks => format!("does not echo (is `run_once` still `todo!()`?): {error}"),
            _ => format!("does not echo: {error}"),
        })?;
        Ok(running)
    }
}

/// Why a server did not start, in a few words, from what it printed.
fn explain(stderr: &str) -> String {
    if stderr.contains("No module named 'uvloop'") {
        "uvloop is not installed".to_owned()
    } else {
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty());
        format!("did not start: {}", last.unwrap_or("it printed nothing"))
    }
}

/// One frame there and back, with a timeout: a server that listens but does not echo
/// (a `run_once` that never polls) is found here, not in the middle of a run.
fn probe(addr: SocketAddr) -> io::Result<()> {
    let mut probe = TcpStream::connect(addr)?;
    probe.set_read_timeout(Some(Duration::from_secs(2)))?;
    let echo = sockets::round_trip(&mut probe, b"probe")?;
    if echo == b"probe" {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidData, "a wrong echo"))
    }
}

/// A server process. Dropping it closes its standard input, which stops it, and kills
/// it in case it did not listen.
pub struct Running {
    child: Child,
    pub addr: SocketAddr,
}

impl Running {
    /// The CPU time the server's process has used so far, all its threads.
    pub fn cpu_times(&self) -> Option<ProcessTimes> {
        kit::cpu::process_times_of(self.child.id())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/echo_server.py")
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The child's side of `--serve NAME`: starts the Rust server of that name, prints its
/// port, and serves until standard input closes.
pub fn serve(name: &str) -> io::Result<()> {
    let server = all(true)
        .into_iter()
        .find(|server| !server.is_python() && server.name() == name)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("no server {name}")))?;
    let addr = match server {
        Server::Tokio(style) => sockets::spawn_server(style)?,
        Server::Callbacks => reactor_echo::spawn_server()?.0,
        Server::PerCore => per_core::spawn_per_core(Style::Codec, cores())?,
        Server::MultiThread => per_core::spawn_multi_thread(Style::Codec, cores())?,
        Server::Python { .. } => unreachable!("found among the Rust servers"),
    };
    println!("{}", addr.port());
    // The servers run on threads of their own; this one waits for the end of input.
    io::copy(&mut io::stdin(), &mut io::sink())?;
    Ok(())
}
