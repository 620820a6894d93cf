//! The book as a reader sees it: served by `cargo workbook book --serve` and driven in a
//! headless Chromium through chromedriver (WebDriver is HTTP and JSON, so ureq is the
//! whole client). Every page: no console error, every link leads somewhere, nothing
//! wider than the 750 px column, no pasted output that needs sideways scrolling. And
//! the search finds "Semaphore" and lands on lesson 07, and a chapter's link to a lesson's
//! file opens a page with the code highlighted.
//!
//! Where chromedriver is not installed, the test says it was skipped and passes:
//! `apt-get install chromium chromium-driver` (Debian), or set `CHROMEDRIVER` and
//! `CHROME` to their paths.
//!
//! `cargo workbook verify` runs it with the runner's tests; alone:
//! `cargo test -p workbook --test book_in_a_browser -- --nocapture`.

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const WIDTH: u32 = 750;
/// A phone's width, where the glossary's entries become cards.
const PHONE: u32 = 390;

#[test]
fn the_book_reads_well_in_a_browser() {
    let Some(chromedriver) = program("CHROMEDRIVER", &["chromedriver"]) else {
        eprintln!(
            "SKIPPED the_book_reads_well_in_a_browser: no chromedriver on PATH. \
             Install one (Debian: apt-get install chromium chromium-driver) to run it."
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let book_port = free_port();
    let _book = Stopped(
        Command::new(env!("CARGO_BIN_EXE_workbook"))
            .args(["book", "--serve", "--port", &book_port.to_string()])
            .current_dir(&root)
            .stdout(Stdio::null())
            .spawn()
            .expect("the runner starts"),
    );
    let base = format!("http://127.0.0.1:{book_port}/");
    wait_for(&format!("{base}index.html"), Duration::from_secs(120));

    let driver_port = free_port();
    let _driver = Stopped(
        Command::new(&chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    wait_for(
        &format!("http://127.0.0.1:{driver_port}/status"),
        Duration::from_secs(30),
    );
    let browser = Browser::start(driver_port);

    // The issue that moved the server to hyper: first loads that hung on a stylesheet.
    let first_load = Instant::now();
    browser.go(&format!("{base}index.html"));
    println!("first page load after start: {:?}", first_load.elapsed());

    let mut problems = Vec::new();
    let mut links = BTreeSet::new();
    let pages = pages(&root.join("book-html"));
    for page in &pages {
        browser.go(&format!("{base}{page}"));
        let seen = browser.run(LOOK_AT_THE_PAGE);
        for wide in strings(&seen["wide"]) {
            problems.push(format!("{page}: wider than the {WIDTH} px window: {wide}"));
        }
        for block in strings(&seen["scrolling_output"]) {
            problems.push(format!("{page}: output that scrolls sideways: {block}"));
        }
        for error in browser.console_errors() {
            problems.push(format!("{page}: console error: {error}"));
        }
        // The 404 page sets `<base href="/">`, so its own heading's anchor link points
        // at the front page: mdBook's quirk, harmless, and not a link a reader follows.
        links.extend(
            strings(&seen["links"])
                .filter(|link| link.starts_with(&base))
                .filter(|link| !(page == "404.html" && link.contains("#document-not-found")))
                .map(str::to_string),
        );
    }

    let mut bodies = BTreeMap::new();
    for link in &links {
        let (address, anchor) = link.split_once('#').unwrap_or((link, ""));
        let body = bodies
            .entry(address.to_string())
            .or_insert_with(|| fetch(address));
        match body {
            None => problems.push(format!("a link to a missing page: {link}")),
            Some(html) if !anchor.is_empty() && !html.contains(&format!("id=\"{anchor}\"")) => {
                problems.push(format!("a link to a missing heading: {link}"))
            }
            Some(_) => {}
        }
    }

    browser.go(&format!("{base}index.html?search=Semaphore"));
    let results = browser.wait_for(FIND_SEARCH_RESULTS, Duration::from_secs(15));
    let hit = strings(&results).find(|href| href.contains("lesson-07-semaphores.html"));
    match hit {
        Some(hit) => {
            browser.go(hit);
            let title = browser.run("return document.title;");
            if !title.as_str().is_some_and(|t| t.contains("Semaphores")) {
                problems.push(format!("the search result {hit} landed on {title}"));
            }
        }
        None => problems.push(format!(
            "searching for \"Semaphore\" did not offer lesson 07; it offered {results}"
        )),
    }

    // A chapter's link to a lesson's file opens it as a page, highlighted by the book's
    // highlight.js.
    match links
        .iter()
        .find(|link| link.starts_with(&format!("{base}workspace/")) && link.ends_with(".rs"))
    {
        Some(source) => {
            browser.go(source);
            let highlighted = browser.wait_for(HIGHLIGHTED_CODE, Duration::from_secs(15));
            if highlighted.as_u64().is_none_or(|spans| spans == 0) {
                problems.push(format!("{source}: the code is not highlighted"));
            }
            for error in browser.console_errors() {
                problems.push(format!("{source}: console error: {error}"));
            }
        }
        None => problems.push("no chapter links to a lesson's .rs file".to_string()),
    }

    browser.resize(PHONE, 844);
    browser.go(&format!("{base}glossary.html"));
    let scrolling = browser.run(TABLES_THAT_SCROLL);
    for table in strings(&scrolling) {
        problems.push(format!(
            "glossary.html: a table that scrolls sideways at {PHONE} px: {table}"
        ));
    }

    println!(
        "{} pages, {} links, 1 search, 1 lesson source checked in Chromium at {WIDTH} px; the glossary at {PHONE} px",
        pages.len(),
        links.len()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s) in the browser:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// What one page shows at this width: anything past the column's right edge that does
/// not sit in something that scrolls, output blocks that scroll, and every link.
const LOOK_AT_THE_PAGE: &str = r#"
const main = document.querySelector('main');
const right = main.getBoundingClientRect().right + 1;
const inScroller = (element) => {
    for (let e = element.parentElement; e && e !== main; e = e.parentElement) {
        const overflow = getComputedStyle(e).overflowX;
        if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return true;
    }
    return false;
};
const describe = (e) => e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 50) + '"';
const wide = [...main.querySelectorAll('*')]
    .filter((e) => !e.closest('pre'))
    .filter((e) => e.getBoundingClientRect().right > right)
    .filter((e) => !inScroller(e))
    .map(describe);
const scrolling_output = [...main.querySelectorAll('pre')]
    .filter((p) => p.querySelector('code.language-text, code.language-console'))
    .filter((p) => p.scrollWidth > p.clientWidth + 1)
    .map(describe);
const links = [...document.querySelectorAll('a[href]')].map((a) => a.href);
return { wide, scrolling_output, links };
"#;

/// How many highlighted keywords the page's code shows, once highlight.js has run.
const HIGHLIGHTED_CODE: &str = r#"
const spans = document.querySelectorAll('pre code.hljs .hljs-keyword').length;
return spans > 0 ? spans : null;
"#;

/// Tables wider than the space they have, which a reader must scroll sideways.
const TABLES_THAT_SCROLL: &str = r#"
return [...document.querySelectorAll('main table')]
    .filter((t) => t.scrollWidth > t.clientWidth + 1)
    .map((t) => t.scrollWidth + ' px in ' + t.clientWidth + ' px: "' + t.textContent.trim().slice(0, 50) + '"');
"#;

/// The links the search offers, once it has offered some.
const FIND_SEARCH_RESULTS: &str = r#"
const links = [...document.querySelectorAll('#mdbook-searchresults a')].map((a) => a.href);
return links.length > 0 ? links : null;
"#;

/// A WebDriver session on a headless Chromium.
struct Browser {
    session: String,
    agent: ureq::Agent,
}

impl Browser {
    fn start(port: u16) -> Browser {
        let mut options = json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     format!("--window-size={WIDTH},1000")]
        });
        if let Some(chrome) = program("CHROME", &["chromium", "chromium-browser", "google-chrome"])
        {
            options["binary"] = json!(chrome);
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}/session");
        let answer = post(
            &agent,
            &base,
            json!({ "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": options,
                // A page that takes longer than this to load is a stalled server.
                "timeouts": { "pageLoad": 30_000 },
                "goog:loggingPrefs": { "browser": "SEVERE" },
            }}}),
        );
        let id = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver started no browser: {answer}"));
        Browser {
            session: format!("{base}/{id}"),
            agent,
        }
    }

    fn go(&self, url: &str) {
        let answer = post(
            &self.agent,
            &format!("{}/url", self.session),
            json!({ "url": url }),
        );
        if let Some(error) = answer.get("error") {
            panic!(
                "the browser could not load {url}: {error}: {}",
                answer["message"]
            );
        }
    }

    fn resize(&self, width: u32, height: u32) {
        post(
            &self.agent,
            &format!("{}/window/rect", self.session),
            json!({ "width": width, "height": height }),
        );
    }

    fn run(&self, script: &str) -> Value {
        post(
            &self.agent,
            &format!("{}/execute/sync", self.session),
            json!({ "script": script, "args": [] }),
        )
    }

    /// Runs `script` until it returns something other than `null`.
    fn wait_for(&self, script: &str, limit: Duration) -> Value {
        let start = Instant::now();
        loop {
            let value = self.run(script);
            if !value.is_null() || start.elapsed() > limit {
                return value;
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// The console's errors since the last time this was asked.
    fn console_errors(&self) -> Vec<String> {
        let log = post(
            &self.agent,
            &format!("{}/se/log", self.session),
            json!({ "type": "browser" }),
        );
        log.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|entry| entry["level"] == "SEVERE")
                    .map(|entry| entry["message"].as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.session).call();
    }
}

/// POSTs `body` to a WebDriver endpoint and returns its `value`.
fn post(agent: &ureq::Agent, url: &str, body: Value) -> Value {
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .unwrap_or_else(|error| panic!("chromedriver did not answer {url}: {error}"));
    let text = response
        .body_mut()
        .read_to_string()
        .expect("chromedriver's answer is text");
    let answer: Value = serde_json::from_str(&text).expect("chromedriver's answer is JSON");
    answer["value"].clone()
}

/// The page at `url`, or `None` if it is not there.
fn fetch(url: &str) -> Option<String> {
    let mut response = ureq::get(url).call().ok()?;
    response.body_mut().read_to_string().ok()
}

fn strings(value: &Value) -> impl Iterator<Item = &str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Every page of the built book except `print.html` (every chapter again, on one page)
/// and `toc.html` (the table of contents for browsers without JavaScript).
fn pages(html_dir: &Path) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(html_dir)
        .expect("the book is built")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".html") && name != "print.html" && name != "toc.html")
        .collect();
    pages.sort();
    pages
}

/// Waits until `url` answers at all.
fn wait_for(url: &str, limit: Duration) {
    let start = Instant::now();
    while ureq::get(url).call().is_err() {
        assert!(start.elapsed() < limit, "{url} did not answer in {limit:?}");
        thread::sleep(Duration::from_millis(200));
    }
}

/// `variable`'s value if set, else the first of `names` found on PATH.
fn program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A child process that is stopped when this goes out of scope, even on a panic.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
