//! What the server answers: the book's files, its 404 page for anything else, the
//! workspace's files the chapters link to, and the reload question.

use super::paths::{file_for, file_or_dir};
use super::{Site, gzip, reload, source_pages};
use crate::runs;
use crate::source_links::SERVED_PREFIX;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, HeaderValue, VARY,
};
use hyper::{Method, Request, Response, StatusCode};
use std::fs;
use std::path::Path;
use std::sync::Arc;

pub const HTML: &str = "text/html; charset=utf-8";

/// An answer before it is sent: status, content type, body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn ok(content_type: &'static str, body: Vec<u8>) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type,
            body,
        }
    }

    pub fn html(status: StatusCode, page: String) -> Answer {
        Answer {
            status,
            content_type: HTML,
            body: page.into_bytes(),
        }
    }

    fn text(status: StatusCode, message: &str) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: message.as_bytes().to_vec(),
        }
    }

    /// Worth gzipping, for a browser that accepts it?
    fn compressible(&self) -> bool {
        gzip::worth_it(self.content_type, self.body.len())
    }

    /// The response, with `gzipped` as its body if given.
    fn into_response(self, gzipped: Option<Bytes>) -> Response<Full<Bytes>> {
        let compressible = self.compressible();
        let is_gzipped = gzipped.is_some();
        let body = gzipped.unwrap_or_else(|| Bytes::from(self.body));
        let mut response = Response::new(Full::new(body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        // Pages change with every rebuild and carry its number: always ask again.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if compressible {
            // A cache must not hand the gzipped bytes to a client that did not ask.
            headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        }
        if is_gzipped {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    }
}

/// The answer to one request. hyper leaves the body out of the answer to a HEAD.
pub async fn answer(request: Request<Incoming>, site: Arc<Site>) -> Response<Full<Bytes>> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return Answer::text(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD")
            .into_response(None);
    }
    let uri = request.uri();
    if uri.path() == reload::PATH {
        let said = site.builds.answer(reload::seen(uri.query())).await;
        return Answer::text(StatusCode::OK, said).into_response(None);
    }
    let gzip_accepted = request
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(gzip::accepted);
    let (path, query) = (uri.path().to_owned(), uri.query().map(str::to_owned));
    // Reading and compressing files blocks: on the blocking pool, not on the one
    // thread that answers every connection.
    tokio::task::spawn_blocking(move || {
        // Taken before the files are read: a rebuild in between costs a needless
        // reload, never a missed one, and never an old file under the new number.
        let build = site.builds.current();
        let answer = from_files(&site, build, &path, query.as_deref());
        let gzipped = (gzip_accepted && answer.compressible()).then(|| {
            // The book's files change only with a build; the workspace's pages and the
            // kept runs change without one, and a missing page's URL is anyone's.
            let from_the_book =
                !path.starts_with(SERVED_PREFIX) && !path.starts_with(runs::SERVED_PREFIX);
            if answer.status == StatusCode::OK && from_the_book {
                site.gzipped.gzipped(build, &path, &answer.body)
            } else {
                Bytes::from(gzip::compress(&answer.body))
            }
        });
        answer.into_response(gzipped)
    })
    .await
    .unwrap_or_else(|_| {
        Answer::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server failed; see its terminal.",
        )
        .into_response(None)
    })
}

/// The answer made from the files: the book's, the workspace's under `/workspace/`, or
/// the kept runs under `/runs/`.
fn from_files(site: &Site, build: u64, path: &str, query: Option<&str>) -> Answer {
    let _reading = site
        .rebuilding
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());

    // The chapters' links to the lessons, exercises and kit: the learner's own files.
    if let Some(workspace_path) = path.strip_prefix(SERVED_PREFIX) {
        let raw = query.is_some_and(|query| query.split('&').any(|pair| pair == "raw"));
        let answer = source_pages::answer(&site.root, &site.html_dir, workspace_path, raw);
        return match answer {
            Some(answer) => with_reload(answer, build),
            None => not_found(&site.html_dir, build),
        };
    }
    // `cargo workbook run`'s pages: your run beside the reference solution's.
    if let Some(runs_path) = path.strip_prefix(runs::SERVED_PREFIX) {
        let dir = runs::dir(&site.root);
        // The page's pictures are relative to its folder: `/runs/x` must be `/runs/x/`.
        if !path.ends_with('/') && file_or_dir(&dir, runs_path).is_some_and(|p| p.is_dir()) {
            let page = format!(
                "<!DOCTYPE html><meta http-equiv=\"refresh\" content=\"0; url={path}/\">\
                 <a href=\"{path}/\">{path}/</a>\n"
            );
            return Answer::ok(HTML, page.into_bytes());
        }
        return match file_for(&dir, runs_path) {
            Some(file) => match fs::read(&file) {
                Ok(body) => Answer::ok(content_type(&file), body),
                Err(_) => not_found(&site.html_dir, build),
            },
            None => not_found(&site.html_dir, build),
        };
    }
    if let Some(file) = file_for(&site.html_dir, path)
        && let Ok(body) = fs::read(&file)
    {
        return with_reload(Answer::ok(content_type(&file), body), build);
    }
    not_found(&site.html_dir, build)
}

/// The book's own 404 page, styled, with its search and its table of contents.
fn not_found(html_dir: &Path, build: u64) -> Answer {
    match fs::read(html_dir.join("404.html")) {
        Ok(page) => with_reload(
            Answer {
                status: StatusCode::NOT_FOUND,
                content_type: HTML,
                body: page,
            },
            build,
        ),
        Err(_) => Answer::text(StatusCode::NOT_FOUND, "Not found"),
    }
}

/// An HTML page gets the script that reloads it after a rebuild.
fn with_reload(mut answer: Answer, build: u64) -> Answer {
    if answer.content_type == HTML
        && let Ok(page) = std::str::from_utf8(&answer.body)
    {
        answer.body = reload::with_script(page, build).into_bytes();
    }
    answer
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" | "rs" | "py" | "toml" | "md" | "lock" | "sh" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
