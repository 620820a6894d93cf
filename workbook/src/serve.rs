//! `cargo workbook book --serve`: the book on http://127.0.0.1:<port>/, rebuilt when
//! its sources change. Only ever on 127.0.0.1: a learner's laptop at a workshop should
//! not serve anything to the room's network.

use crate::book;
use crate::files;
use crate::source_links::{Readers, SERVED_PREFIX};
use crate::watcher;
use anyhow::{Result, anyhow};
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub fn serve(root: &Path, port: u16, open: bool) -> Result<()> {
    let html_dir = book::build(root, Readers::Served)?
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("mdBook built the book nowhere"))?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|error| anyhow!("cannot serve on 127.0.0.1:{port} ({error}); try --port"))?;
    let url = format!("http://127.0.0.1:{port}/");
    println!("Serving the book at {url}; it is rebuilt when you save. Ctrl-C stops.");

    // The book includes code from the lessons, so their changes rebuild it too.
    let sources = vec![root.join("book"), root.join("lessons")];
    let inputs: Vec<PathBuf> = ["book", "lessons", "book.toml"].map(PathBuf::from).into();
    let root_for_watcher = root.to_path_buf();
    let last_built = Arc::new(Mutex::new(files::hash(root, &as_paths(&inputs), "")?));
    let _watcher = watcher::watch(&sources, false, move |changes| {
        if let Err(error) = changes {
            eprintln!("Watching the book failed ({error}); restart to pick up changes.");
            return;
        }
        // mdBook reading the files is an event too; rebuild only for a real change.
        let Ok(now) = files::hash(&root_for_watcher, &as_paths(&inputs), "") else {
            return;
        };
        let mut last = last_built
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if *last == now {
            return;
        }
        *last = now;
        match book::build(&root_for_watcher, Readers::Served) {
            Ok(_) => println!("Rebuilt the book; reload the page."),
            Err(error) => eprintln!("The book does not build: {error:#}"),
        }
    })?;

    if open {
        open_browser(&url);
    }
    let html_dir = Arc::new(html_dir);
    let root = Arc::new(root.to_path_buf());
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            continue;
        };
        // A thread a connection: a browser that is slow to read one answer, or that
        // opened a connection it never uses, holds up nobody else.
        let (html_dir, root) = (Arc::clone(&html_dir), Arc::clone(&root));
        thread::spawn(move || {
            // A browser that went away mid-answer is not our problem.
            let _ = serve_connection(stream, &html_dir, &root);
        });
    }
    Ok(())
}

fn as_paths(paths: &[PathBuf]) -> Vec<&Path> {
    paths.iter().map(PathBuf::as_path).collect()
}

/// An answer: status, content type, body.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

/// Reads one request from the connection, answers it, and closes the connection.
/// A browser keeps idle connections open and may open some it never uses; the read
/// timeout lets such a connection's thread go.
fn serve_connection(mut stream: TcpStream, html_dir: &Path, root: &Path) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers say nothing this server needs; read them to the blank line.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("/");
    let answer = match method {
        "GET" | "HEAD" => answer(target, html_dir, root),
        _ => text(405, "Only GET and HEAD"),
    };
    let reason = match answer.status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    write!(
        stream,
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        answer.status,
        answer.content_type,
        answer.body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

fn answer(target: &str, html_dir: &Path, root: &Path) -> Answer {
    // The chapters' links to the lessons, exercises and kit: the learner's own files.
    if let Some(path) = target.strip_prefix(SERVED_PREFIX) {
        return source(root, &format!("/{path}"));
    }
    if let Some(path) = file_for(html_dir, target)
        && let Ok(body) = fs::read(&path)
    {
        return Answer {
            status: 200,
            content_type: content_type(&path),
            body,
        };
    }
    // The book's own 404 page, styled, with its search and its table of contents.
    match fs::read(html_dir.join("404.html")) {
        Ok(body) => Answer {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body,
        },
        Err(_) => text(404, "Not found"),
    }
}

fn text(status: u16, message: &str) -> Answer {
    Answer {
        status,
        content_type: "text/plain; charset=utf-8",
        body: message.as_bytes().to_vec(),
    }
}

/// A file of the workspace as text, or a folder as a list of links; only the folders the
/// chapters link to, and never anything outside them.
fn source(root: &Path, path: &str) -> Answer {
    let shared = ["lessons", "exercises", "solutions", "kit", "workbook"];
    let allowed = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .is_some_and(|top| shared.contains(&top));
    let Some(target) = allowed.then(|| file_or_dir(root, path)).flatten() else {
        return text(404, "Not found");
    };
    if target.is_dir() {
        let mut names: Vec<String> = fs::read_dir(&target)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.ok())
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() {
                    format!("{name}/")
                } else {
                    name
                }
            })
            .collect();
        names.sort();
        let base = format!("{SERVED_PREFIX}{}/", path.trim_matches('/'));
        let items: String = names
            .iter()
            .map(|name| format!("<li><a href=\"{base}{name}\">{name}</a></li>"))
            .collect();
        let page = format!(
            "<!doctype html><meta charset=\"utf-8\"><title>{path}</title><h1>{path}</h1><ul>{items}</ul>"
        );
        return Answer {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: page.into_bytes(),
        };
    }
    match fs::read(&target) {
        Ok(body) => Answer {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body,
        },
        Err(_) => text(404, "Not found"),
    }
}

/// A file or folder a URL path names inside `dir`; never anything outside it.
fn file_or_dir(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut file = dir.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(name) => file.push(name),
            // `..`, a drive or root: a request trying to leave the folder.
            _ => return None,
        }
    }
    file.exists().then_some(file)
}

/// The file a URL path names inside `html_dir` (a folder's `index.html`); never
/// anything outside it.
fn file_for(html_dir: &Path, url: &str) -> Option<PathBuf> {
    let file = file_or_dir(html_dir, url)?;
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    file.is_file().then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" | "rs" | "py" | "toml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
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

#[cfg(test)]
mod tests {
    use super::file_for;
    use std::path::Path;

    #[test]
    fn urls_cannot_leave_the_book() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(file_for(dir, "/../Cargo.toml").is_none());
        assert!(file_for(dir, "/src/../../Cargo.toml").is_none());
        assert_eq!(
            file_for(dir, "/Cargo.toml?x=1"),
            Some(dir.join("Cargo.toml"))
        );
    }
}
