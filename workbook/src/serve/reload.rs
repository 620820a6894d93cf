//! Live reload without websockets: every served page carries a few lines of script that
//! ask `/__workbook/reload?build=N`, where N is the build the page was served from. The
//! server answers `reload` as soon as the build number passes N, or `no change` after
//! [`LONG_POLL`], and the script asks again. A long poll is one ordinary request, so it
//! works through anything that speaks HTTP.

use std::time::Duration;
use tokio::sync::watch;

/// Where the pages ask.
pub const PATH: &str = "/__workbook/reload";

/// How long a page's question waits for a rebuild before the answer is `no change`:
/// under the 30 s or so after which a proxy or a browser might give up on a request.
const LONG_POLL: Duration = Duration::from_secs(25);

/// The build number, which goes up after each rebuild (and each saved file a page shows),
/// and whether the server is stopping.
#[derive(Debug)]
pub struct Builds {
    number: watch::Sender<u64>,
    stopping: watch::Sender<bool>,
}

impl Builds {
    pub fn new() -> Builds {
        Builds {
            number: watch::Sender::new(0),
            stopping: watch::Sender::new(false),
        }
    }

    pub fn current(&self) -> u64 {
        *self.number.borrow()
    }

    /// A new build: every page waiting for one reloads.
    pub fn next(&self) {
        self.number.send_modify(|number| *number += 1);
    }

    /// The server is stopping: the waiting pages get their answer now, so their
    /// connections can close.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// The answer to `?build=<seen>`: `reload` once the build number is past `seen`.
    pub async fn answer(&self, seen: u64) -> &'static str {
        let mut number = self.number.subscribe();
        let mut stopping = self.stopping.subscribe();
        tokio::select! {
            // Subscribing marks the current number as seen; `wait_for` still checks it
            // first, so a build that happened before this request is not missed.
            passed = number.wait_for(|&now| now > seen) => {
                if passed.is_ok() { "reload" } else { "no change" }
            }
            _ = stopping.wait_for(|&stopping| stopping) => "no change",
            _ = tokio::time::sleep(LONG_POLL) => "no change",
        }
    }
}

/// `N` from a query like `build=N`; 0 (the first build) if it is missing or not a number.
pub fn seen(query: Option<&str>) -> u64 {
    query
        .into_iter()
        .flat_map(|query| query.split('&'))
        .find_map(|pair| pair.strip_prefix("build="))
        .and_then(|number| number.parse().ok())
        .unwrap_or(0)
}

/// `html` with the reload script added at the end of its body.
pub fn with_script(html: &str, build: u64) -> String {
    // If the server is gone, the script waits and asks again, instead of spinning.
    let script = format!(
        r#"<script>
(async function poll(build) {{
    try {{
        const answer = await fetch("{PATH}?build=" + build);
        if ((await answer.text()) === "reload") return location.reload();
    }} catch (gone) {{ await new Promise((wait) => setTimeout(wait, 2000)); }}
    poll(build);
}})({build});
</script>
"#
    );
    match html.rfind("</body>") {
        Some(end) => format!("{}{script}{}", &html[..end], &html[end..]),
        None => format!("{html}{script}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = with_script("<html><body><p>hi</p></body></html>", 7);
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
        assert!(page.contains("})(7);"));
    }

    #[test]
    fn the_query_says_which_build_the_page_has() {
        assert_eq!(seen(Some("build=12")), 12);
        assert_eq!(seen(Some("x=1&build=3")), 3);
        assert_eq!(seen(Some("build=soon")), 0);
        assert_eq!(seen(None), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_hears_of_a_build_it_has_not_seen() {
        let builds = Builds::new();
        // A build that happened before the page asked is answered at once.
        builds.next();
        assert_eq!(builds.answer(0).await, "reload");
        // One that happens while it waits, too.
        let (answer, ()) = tokio::join!(builds.answer(1), async { builds.next() });
        assert_eq!(answer, "reload");
        // With no build, the paused clock runs to the long poll's end.
        assert_eq!(builds.answer(2).await, "no change");
        builds.stop();
        assert_eq!(builds.answer(2).await, "no change");
    }
}
