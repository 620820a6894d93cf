//! `cargo workbook book --serve`: the book on http://127.0.0.1:<port>/, rebuilt when its
//! sources change, with every open page reloading after a rebuild. Only ever on
//! 127.0.0.1: a learner's laptop at a workshop should not serve anything to the room's
//! network.
//!
//! The server is hyper on a single-threaded tokio runtime, a task per connection, so a
//! browser's six keep-alive connections (and a test's thirty-two) are all answered at
//! once. Each answer that reads or compresses a file is made on tokio's blocking pool:
//! a file read inside an async task would stall every other connection, the mistake
//! lesson 08 is about.

mod answers;
mod gzip;
mod paths;
mod reload;
mod source_pages;

use crate::book;
use crate::files;
use crate::source_links::Readers;
use crate::watcher::{self, Changes};
use anyhow::{Context, Result, anyhow};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use reload::Builds;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::net::TcpListener;

/// How long a stopping server waits for the answers it is sending to finish.
const FINISH_ANSWERS: Duration = Duration::from_secs(3);

/// What every connection shares: where the files are, the build number, and the
/// book's files already gzipped.
#[derive(Debug)]
pub struct Site {
    /// The built book (`book-html/`).
    html_dir: PathBuf,
    /// The workspace, for the chapters' links to its files.
    root: PathBuf,
    /// Held for reading while a file of the book is read, and for writing while mdBook
    /// rewrites the book, so no one is ever sent half a rebuilt page.
    rebuilding: RwLock<()>,
    builds: Builds,
    gzipped: gzip::Cache,
    /// Whether the chapters show the instructor's speaker notes (`--notes`).
    notes: bool,
}

/// The sources, relative to the workspace: what the book is built from, and the files
/// the chapters link to (shown as pages, so a saved exercise reloads its page too).
const BOOK_SOURCES: [&str; 3] = ["book", "lessons", "book.toml"];
const LINKED_SOURCES: [&str; 3] = ["exercises", "solutions", "kit"];

pub fn serve(root: &Path, port: u16, open: bool, notes: bool) -> Result<()> {
    let html_dir = book::build(root, Readers::Served, notes)?
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("mdBook built the book nowhere"))?;
    let site = Arc::new(Site {
        html_dir,
        root: root.to_path_buf(),
        rebuilding: RwLock::new(()),
        builds: Builds::new(),
        gzipped: gzip::Cache::default(),
        notes,
    });
    let _watcher = watch_sources(&site)?;

    // One thread answers every connection; the blocking pool reads the files.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        // `--port 0` takes any free port: the tests start servers side by side this way.
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|error| anyhow!("cannot serve on 127.0.0.1:{port} ({error}); try --port"))?;
        let url = format!("http://{}/", listener.local_addr()?);
        println!("Serving the book at {url}; it is rebuilt when you save. Ctrl-C stops.");
        if open {
            open_browser(&url);
        }
        accept_until_ctrl_c(listener, site).await;
        println!("Stopped serving the book.");
        anyhow::Ok(())
    })?;
    // A blocking read still running belongs to a connection that is gone.
    runtime.shutdown_timeout(FINISH_ANSWERS);
    Ok(())
}

/// Accepts connections, each on a task of its own, until Ctrl-C; then lets the answers
/// being sent finish (for a while) and closes every connection.
async fn accept_until_ctrl_c(listener: TcpListener, site: Arc<Site>) {
    let graceful = GracefulShutdown::new();
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            _ = &mut ctrl_c => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, most likely: let connections close
                    // instead of spinning on the error.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                // Small answers should leave at once, not wait for Nagle's algorithm.
                let _ = stream.set_nodelay(true);
                let site = Arc::clone(&site);
                let service = service_fn(move |request| {
                    let site = Arc::clone(&site);
                    async move { Ok::<_, Infallible>(answers::answer(request, site).await) }
                });
                // HTTP/1.1 keeps the connection open between requests by default.
                let connection = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                // A browser that hangs up mid-answer is not the server's problem.
                tokio::spawn(async move { let _ = connection.await; });
            }
        }
    }
    // Open pages waiting for a rebuild get their answer now, so their connections close.
    site.builds.stop();
    if tokio::time::timeout(FINISH_ANSWERS, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("Some answers were cut short: their browsers were still reading.");
    }
}

/// Rebuilds the book when its sources change, and tells the open pages when a source
/// they show changed. Watching stops when the returned value is dropped.
fn watch_sources(site: &Arc<Site>) -> Result<Box<dyn Send>> {
    let root = &site.root;
    let folders: Vec<PathBuf> = BOOK_SOURCES
        .iter()
        .chain(&LINKED_SOURCES)
        .map(|folder| root.join(folder))
        .filter(|path| path.is_dir())
        .collect();
    // mdBook reading the files is a file event too: only a change of content counts.
    let last = Mutex::new((
        files::hash(root, &as_paths(&BOOK_SOURCES), "")?,
        files::hash(root, &as_paths(&LINKED_SOURCES), "")?,
    ));
    let last = Arc::new(last);
    let site = Arc::clone(site);
    watcher::watch(&folders, false, move |changes: Changes| {
        if let Err(error) = changes {
            eprintln!("Watching the book failed ({error}); restart to pick up changes.");
            return;
        }
        let root = &site.root;
        let (Ok(book_now), Ok(linked_now)) = (
            files::hash(root, &as_paths(&BOOK_SOURCES), ""),
            files::hash(root, &as_paths(&LINKED_SOURCES), ""),
        ) else {
            return;
        };
        let mut last = last.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let book_changed = last.0 != book_now;
        let linked_changed = last.1 != linked_now;
        *last = (book_now, linked_now);
        if book_changed {
            let _writing = site
                .rebuilding
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match book::build(root, Readers::Served, site.notes) {
                Ok(_) => println!("Rebuilt the book; open pages reload."),
                // The pages keep showing the last book that built.
                Err(error) => {
                    eprintln!("The book does not build: {error:#}");
                    return;
                }
            }
        }
        if book_changed || linked_changed {
            site.builds.next();
        }
    })
}

fn as_paths(paths: &[&'static str]) -> Vec<&'static Path> {
    paths.iter().map(|&path| Path::new(path)).collect()
}

/// Asks the system to open `url` in a browser; says so if it cannot.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut start = Command::new("cmd");
        start.args(["/C", "start", ""]);
        start
    } else {
        Command::new("xdg-open")
    };
    if command.arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; open {url} yourself.");
    }
}
