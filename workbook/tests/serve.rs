//! `cargo workbook book --serve`, from the outside: the runner's binary serves a fresh
//! clone of the workbook on a free port, and these tests talk HTTP to it over real
//! connections, each kept open for several requests as a browser keeps them.
//!
//! Deadlines here are limits, never synchronization: each test waits for the answer it
//! needs (the port the server printed, the reload a save causes) and fails after the
//! limit with a message that says what did not happen.

use flate2::read::GzDecoder;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, HOST, HeaderMap, HeaderName};
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tokio::net::TcpStream;
use tokio::sync::Barrier;

/// The issue's figure: a browser opens six connections, a workshop's worth of tabs more.
const CONNECTIONS: usize = 32;

/// Longer than a loaded 2-core machine needs to build the book, or to notice a save.
const LIMIT: Duration = Duration::from_secs(120);

#[tokio::test]
async fn thirty_two_keep_alive_connections_are_all_answered() {
    let served = Served::start();
    for gzip in [false, true] {
        let (answered, took) = many_connections(&served, CONNECTIONS, 8, gzip).await;
        let gzip = if gzip { ", gzip accepted" } else { "" };
        println!(
            "{CONNECTIONS} keep-alive connections x 8 requests{gzip}: {answered} answered in {took:?}"
        );
    }
}

/// The measurement for the report: `cargo test -p workbook --release --test serve --
/// --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn measure_thirty_two_keep_alive_connections() {
    let start = Instant::now();
    let served = Served::start();
    let started = start.elapsed();
    let mut first = Connection::open(served.address).await;
    let first_page = Instant::now();
    first.get("/index.html", &[]).await;
    println!(
        "book built and served after {started:?}; first page in {:?}",
        first_page.elapsed()
    );
    for (requests, gzip) in [(8, false), (100, false), (8, true), (100, true)] {
        let (answered, took) = many_connections(&served, CONNECTIONS, requests, gzip).await;
        let gzip = if gzip { ", gzip accepted" } else { "" };
        println!(
            "{CONNECTIONS} keep-alive connections x {requests} requests{gzip}: {answered} answered in {took:?}"
        );
    }
}

/// Opens `connections` connections, waits until all are open, then sends `requests` on
/// each, one after another, and checks every answer against the file on disk. Returns
/// how many were answered and how long that took.
///
/// With `gzip`, each file is fetched gzipped and unpacked once first, and then every
/// answer must be those same bytes: unpacking 3200 answers in a debug build would
/// measure the client, not the server.
async fn many_connections(
    served: &Served,
    connections: usize,
    requests: usize,
    gzip: bool,
) -> (usize, Duration) {
    let accept: &'static [_] = if gzip {
        &[(ACCEPT_ENCODING, "gzip")]
    } else {
        &[]
    };
    let mut expected = Vec::new();
    let mut first = Connection::open(served.address).await;
    for file in served.some_files() {
        let (path, built) = (format!("/{file}"), served.built(&file));
        let answer = first.get(&path, accept).await;
        let gzipped = header(&answer.headers, CONTENT_ENCODING) == "gzip";
        assert_same_page(
            &path,
            &if gzipped {
                gunzip(&answer.body)
            } else {
                answer.body.clone()
            },
            &built,
        );
        expected.push((path, if gzip { answer.body } else { built }));
    }
    let expected = Arc::new(expected);

    let everyone_connected = Arc::new(Barrier::new(connections + 1));
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..connections {
        let (expected, everyone_connected) =
            (Arc::clone(&expected), Arc::clone(&everyone_connected));
        let address = served.address;
        clients.spawn(async move {
            let mut connection = Connection::open(address).await;
            everyone_connected.wait().await;
            for request in 0..requests {
                let (path, file) = &expected[(client + request) % expected.len()];
                let answer = connection.get(path, accept).await;
                assert_eq!(
                    answer.status,
                    StatusCode::OK,
                    "{path} on connection {client}"
                );
                if gzip {
                    assert!(answer.body == *file, "{path} is not the same gzipped bytes");
                } else {
                    assert_same_page(path, &answer.body, file);
                }
            }
            requests
        });
    }
    let within_limit = tokio::time::timeout(LIMIT, async {
        everyone_connected.wait().await;
        let start = Instant::now();
        let mut answered = 0;
        while let Some(client) = clients.join_next().await {
            answered += client.expect("a client's checks passed");
        }
        (answered, start.elapsed())
    })
    .await;
    let (answered, took) = within_limit.unwrap_or_else(|_| {
        panic!("{connections} connections x {requests} requests were not all answered in {LIMIT:?}")
    });
    assert_eq!(answered, connections * requests);
    (answered, took)
}

#[tokio::test]
async fn text_is_gzipped_for_a_browser_that_accepts_it() {
    let served = Served::start();
    let mut connection = Connection::open(served.address).await;
    let search_index = served.file_named("searchindex-", ".js");
    let path = format!("/{search_index}");
    let plain = connection.get(&path, &[]).await;
    assert_eq!(header(&plain.headers, CONTENT_ENCODING), "");
    assert_eq!(plain.body, served.built(&search_index));

    let gzipped = connection
        .get(&path, &[(ACCEPT_ENCODING, "gzip, deflate, br")])
        .await;
    assert_eq!(header(&gzipped.headers, CONTENT_ENCODING), "gzip");
    assert!(
        gzipped.body.len() < plain.body.len() / 2,
        "gzip saved less than half"
    );
    assert_eq!(gunzip(&gzipped.body), plain.body);

    let page = connection
        .get("/index.html", &[(ACCEPT_ENCODING, "gzip")])
        .await;
    assert_eq!(header(&page.headers, CONTENT_ENCODING), "gzip");
    assert_same_page(
        "/index.html",
        &gunzip(&page.body),
        &served.built("index.html"),
    );

    // Pictures and fonts are compressed already.
    let favicon = served.file_named("favicon-", ".png");
    let picture = connection
        .get(&format!("/{favicon}"), &[(ACCEPT_ENCODING, "gzip")])
        .await;
    assert_eq!(header(&picture.headers, CONTENT_ENCODING), "");
    assert_eq!(picture.body, served.built(&favicon));
}

#[tokio::test]
async fn a_missing_page_is_the_books_404_page() {
    let served = Served::start();
    let mut connection = Connection::open(served.address).await;
    for path in [
        "/no-such-chapter.html",
        "/workspace/exercises/no-such-file.rs",
        "/workspace/Cargo.toml",
    ] {
        let answer = connection.get(path, &[]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_same_page(path, &answer.body, &served.built("404.html"));
    }
}

#[tokio::test]
async fn lesson_sources_are_highlighted_pages() {
    let served = Served::start();
    let mut connection = Connection::open(served.address).await;
    let path = "/workspace/exercises/lesson-01/countdown.rs";
    let code = String::from_utf8(served.source("exercises/lesson-01/countdown.rs"))
        .expect("the exercise is text");

    let page = connection.get(path, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        header(&page.headers, CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    let page = String::from_utf8(page.body).expect("the page is text");
    assert!(
        page.contains("<title>exercises/lesson-01/countdown.rs</title>"),
        "{page}"
    );
    let escaped = code
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(
        page.contains(&format!(
            "<pre><code class=\"language-rust\">{escaped}</code></pre>"
        )),
        "the page does not show the escaped code:\n{page}"
    );
    // The book's own highlighter and stylesheets, by the names this build gave them.
    let highlight_js = served.file_named("highlight-", ".js");
    let highlight_css = served.file_named("highlight-", ".css");
    assert!(page.contains(&format!("src=\"/{highlight_js}\"")), "{page}");
    assert!(
        page.contains(&format!("href=\"/{highlight_css}\"")),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"{path}?raw\"")), "{page}");

    let raw = connection.get(&format!("{path}?raw"), &[]).await;
    assert_eq!(
        header(&raw.headers, CONTENT_TYPE),
        "text/plain; charset=utf-8"
    );
    assert_eq!(raw.body, code.as_bytes());

    let folder = connection.get("/workspace/exercises/lesson-01/", &[]).await;
    let folder = String::from_utf8(folder.body).expect("the page is text");
    assert!(
        folder.contains(&format!("<a href=\"{path}\">countdown.rs</a>")),
        "{folder}"
    );
}

#[tokio::test]
async fn saving_a_source_reloads_the_open_pages() {
    let served = Served::start();
    let mut page = Connection::open(served.address).await;
    let mut waiting = Connection::open(served.address).await;

    // A chapter: the book is rebuilt, and the page shows the change after it reloads.
    let build = build_of(&page.get("/introduction.html", &[]).await.body);
    let line = "\nA line saved while the book was served.\n";
    served.append("book/introduction.md", line);
    wait_for_reload(&mut waiting, build).await;
    let rebuilt = page.get("/introduction.html", &[]).await;
    assert!(
        String::from_utf8_lossy(&rebuilt.body).contains(line.trim()),
        "the open page reloaded, but the book was not rebuilt"
    );

    // An exercise: its page reloads and shows the learner's code.
    let path = "/workspace/exercises/lesson-01/countdown.rs";
    let build = build_of(&page.get(path, &[]).await.body);
    served.append("exercises/lesson-01/countdown.rs", "\n// my own note\n");
    wait_for_reload(&mut waiting, build).await;
    let shown = page.get(path, &[]).await;
    assert!(String::from_utf8_lossy(&shown.body).contains("// my own note"));
}

#[cfg(unix)]
#[tokio::test]
async fn ctrl_c_stops_the_server_with_connections_open() {
    let mut served = Served::start();
    let mut idle = Connection::open(served.address).await;
    let mut waiting = Connection::open(served.address).await;
    // Answered once each: both connections are the server's now.
    idle.get("/index.html", &[]).await;
    waiting.get("/index.html", &[]).await;
    let poll =
        tokio::spawn(async move { waiting.send("/__workbook/reload?build=1000", &[]).await });

    let pid = served.child.id().to_string();
    let ctrl_c = Command::new("kill").args(["-INT", &pid]).status();
    assert!(
        ctrl_c.is_ok_and(|status| status.success()),
        "kill -INT failed"
    );
    // The page's question is answered (`no change`) or its connection closed: either
    // way it does not hold the server for its 25 s.
    let asked = tokio::time::timeout(Duration::from_secs(10), poll).await;
    assert!(
        asked.is_ok(),
        "a waiting page kept the server from stopping"
    );

    let limit = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = served.child.try_wait().expect("the server's status") {
            break status;
        }
        assert!(
            Instant::now() < limit,
            "the server did not stop within 10 s of Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "the server exited with {status}");
}

/// The build number a served page carries in its reload script: `})(N);`.
fn build_of(page: &[u8]) -> u64 {
    let page = String::from_utf8_lossy(page);
    page.rsplit_once("})(")
        .and_then(|(_, rest)| rest.split_once(')'))
        .and_then(|(number, _)| number.parse().ok())
        .unwrap_or_else(|| panic!("no reload script in the page:\n{page}"))
}

/// Asks, as a page's script does, until the answer is `reload`.
async fn wait_for_reload(connection: &mut Connection, build: u64) {
    let asked = tokio::time::timeout(LIMIT, async {
        loop {
            let answer = connection
                .get(&format!("/__workbook/reload?build={build}"), &[])
                .await;
            match answer.body.as_slice() {
                b"reload" => return,
                b"no change" => continue,
                other => panic!("the reload answer was {:?}", String::from_utf8_lossy(other)),
            }
        }
    })
    .await;
    assert!(asked.is_ok(), "no reload within {LIMIT:?} of saving a file");
}

/// A served page is the built file with the reload script before `</body>`.
fn assert_same_page(path: &str, served: &[u8], built: &[u8]) {
    let served_text = String::from_utf8_lossy(served);
    if path.ends_with(".html") || path.starts_with("/workspace/") {
        let built = String::from_utf8_lossy(built);
        let before_end = built
            .rsplit_once("</body>")
            .map_or(&*built, |(start, _)| start);
        assert!(
            served_text.starts_with(before_end),
            "{path} is not the built page"
        );
        assert!(
            served_text.contains("/__workbook/reload?build="),
            "{path} has no reload script"
        );
    } else {
        assert!(served == built, "{path} is not the built file");
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut unpacked = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut unpacked)
        .expect("valid gzip");
    unpacked
}

fn header(headers: &HeaderMap, name: HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

/// The runner serving a fresh clone of the workbook; stopped when dropped.
struct Served {
    clone: TempDir,
    child: Child,
    address: SocketAddr,
}

impl Served {
    fn start() -> Served {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the runner lives in the workspace");
        let clone = tempfile::tempdir().expect("a temporary folder");
        let cloned = Command::new("git")
            .arg("clone")
            .args(["--quiet", "--single-branch"])
            .args([source, clone.path()])
            .status()
            .expect("git runs");
        assert!(cloned.success(), "git clone failed");

        let mut child = Command::new(env!("CARGO_BIN_EXE_workbook"))
            .args(["book", "--serve", "--port", "0"])
            .current_dir(clone.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the runner starts");
        // The server says where it listens once the book is built.
        let stdout = child.stdout.take().expect("the runner's output");
        let (said, heard) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Serving the book at http://") {
                    let address = rest.split('/').next().unwrap_or("").to_string();
                    let _ = said.send(address);
                }
            }
        });
        let address = heard
            .recv_timeout(LIMIT)
            .unwrap_or_else(|_| panic!("the server did not say where it listens within {LIMIT:?}"))
            .parse()
            .expect("an address");
        Served {
            clone,
            child,
            address,
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.clone.path().join(relative)
    }

    /// A file of the built book.
    fn built(&self, relative: &str) -> Vec<u8> {
        fs::read(self.path("book-html").join(relative)).expect("a file of the built book")
    }

    /// A file of the workspace.
    fn source(&self, relative: &str) -> Vec<u8> {
        fs::read(self.path(relative)).expect("a file of the workspace")
    }

    fn append(&self, relative: &str, text: &str) {
        let mut contents = self.source(relative);
        contents.extend_from_slice(text.as_bytes());
        fs::write(self.path(relative), contents).expect("a writable file");
    }

    /// The built book's file whose name starts and ends so (the middle is mdBook's hash).
    fn file_named(&self, start: &str, end: &str) -> String {
        fs::read_dir(self.path("book-html"))
            .expect("the book is built")
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .find(|name| name.starts_with(start) && name.ends_with(end))
            .unwrap_or_else(|| panic!("no {start}*{end} in the built book"))
    }

    /// Pages, stylesheets, scripts and a picture: what a browser asks for.
    fn some_files(&self) -> Vec<String> {
        vec![
            "index.html".to_string(),
            "lesson-05-async-await.html".to_string(),
            "404.html".to_string(),
            self.file_named("highlight-", ".css"),
            self.file_named("book-", ".js"),
            self.file_named("searchindex-", ".js"),
            self.file_named("favicon-", ".png"),
        ]
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 connection, kept open for every request sent on it.
struct Connection {
    sender: SendRequest<Empty<Bytes>>,
    host: String,
}

/// What came back: status, headers, and the whole body.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Connection {
    async fn open(address: SocketAddr) -> Connection {
        let stream = TcpStream::connect(address)
            .await
            .expect("the server accepts");
        let (sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .expect("an HTTP connection");
        tokio::spawn(connection);
        Connection {
            sender,
            host: address.to_string(),
        }
    }

    /// GETs `path` on this connection; a server that closed it after the last answer
    /// (no keep-alive) makes this fail.
    async fn get(&mut self, path: &str, headers: &[(HeaderName, &str)]) -> Answer {
        self.send(path, headers)
            .await
            .unwrap_or_else(|error| panic!("GET {path} on an open connection: {error}"))
    }

    async fn send(
        &mut self,
        path: &str,
        headers: &[(HeaderName, &str)],
    ) -> Result<Answer, hyper::Error> {
        let mut request = Request::get(path).header(HOST, &self.host);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        let request = request.body(Empty::new()).expect("a valid request");
        let response = self.sender.send_request(request).await?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        Ok(Answer {
            status: parts.status,
            headers: parts.headers,
            body: body.to_vec(),
        })
    }
}
