//! `cargo run -p kit --release -- serve`: the slow-websites server, standalone, so
//! that any client (curl, a Python script, your own program) can use it.

use kit::server::SlowServer;
use kit::sites::{many_sites, talk_sites};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p kit --release -- serve [--many COUNT]

Starts the slow-websites server on a free port of 127.0.0.1 and prints its URLs, one a
line: the 31 sites shaped like the Healthcheck Counter talk's list, or with --many COUNT
a seeded list of COUNT sites. It runs until you stop it with Ctrl-C.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sites = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["serve"] => talk_sites(),
        ["serve", "--many", count] => match count.parse() {
            Ok(count) => many_sites(count, 1),
            Err(_) => return usage(),
        },
        _ => return usage(),
    };

    let server = SlowServer::start();
    for url in server.urls(&sites) {
        println!("{url}");
    }
    eprintln!(
        "\nServing {} sites at {} (any /delay/MS/status/CODE works too). Ctrl-C stops it.",
        sites.len(),
        server.base_url()
    );
    // The server runs on its own thread; this one only keeps the process alive.
    loop {
        std::thread::park();
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::FAILURE
}
