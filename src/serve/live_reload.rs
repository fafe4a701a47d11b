//! Live reload: the status every open page listens to, the event stream that carries it,
//! and the script (ours, `live-reload.js`) that acts on it.
//!
//! The server's [`Status`] is one value in a `watch` channel: the site's generation and the
//! errors of the last rebuild. Every page has a version (the generation in which its bytes
//! last changed); it is served with it, in the `<script>` tag injected before `</body>`,
//! and listens to the event stream for its own path. The stream sends the page's current
//! version and the errors whenever the status changes: the script reloads the page when
//! its version moved on (and only then), and draws the errors in an overlay. The injection
//! happens when a page is served, so the site in memory (and any `build`) never holds the
//! script.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::WatchStream;

use super::state::{ErrorView, Shared};

/// Where the script is served.
pub(crate) const SCRIPT_PATH: &str = "/__mentorlog/live-reload.js";
/// Where the event stream is served.
pub(crate) const EVENTS_PATH: &str = "/__mentorlog/events";
/// Where the status is served as JSON (for tools and tests).
pub(crate) const STATUS_PATH: &str = "/__mentorlog/status";
/// The script itself.
pub(crate) const SCRIPT: &str = include_str!("live-reload.js");

/// The live-reload `<script>` tag for a page served at version `tag`.
#[must_use]
pub(crate) fn script_tag(tag: &str) -> String {
    // Tags are made of hex digits and `-`: nothing to escape.
    format!("<script src=\"{SCRIPT_PATH}\" data-site=\"{tag}\"></script>")
}

/// `html` with the live-reload script before its last `</body>` (at its end when it has
/// none).
#[must_use]
pub(crate) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let tag = script_tag(tag);
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const NEEDLE: &[u8] = b"</body";
    (0..=html.len().checked_sub(NEEDLE.len())?)
        .rev()
        .find(|&i| html[i..i + NEEDLE.len()].eq_ignore_ascii_case(NEEDLE))
}

/// What one open page is told.
#[derive(Debug, Serialize)]
struct PageStatus<'a> {
    /// The page's version now; the page reloads when it differs from its own.
    tag: String,
    /// The errors of the last rebuild.
    errors: &'a [ErrorView],
}

/// Counts a page as open while its event stream lives.
struct OpenGuard {
    shared: Arc<Shared>,
    key: String,
}

impl OpenGuard {
    fn new(shared: Arc<Shared>, key: String) -> Self {
        if let Ok(mut open) = shared.open.lock() {
            *open.entry(key.clone()).or_default() += 1;
        }
        Self { shared, key }
    }
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        if let Ok(mut open) = self.shared.open.lock()
            && let Some(n) = open.get_mut(&self.key)
        {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// The event stream of the page at `key` (`sessions/x/index.html`): its version and the
/// errors at once, then at every change of the status.
pub(crate) fn events(shared: &Arc<Shared>, key: String) -> Response {
    let mut first = true;
    let guard = OpenGuard::new(shared.clone(), key);
    let stream = WatchStream::new(shared.status.subscribe()).map(move |s| {
        let site = guard.shared.snapshot();
        let page = PageStatus {
            tag: site.tag_of(&guard.key),
            errors: &s.errors,
        };
        let json = serde_json::to_string(&page).unwrap_or_else(|_| "{}".to_owned());
        let mut event = Event::default().event("status").data(json);
        if first {
            // Ask browsers to come back quickly when the server restarts.
            event = event.retry(Duration::from_millis(500));
            first = false;
        }
        Ok::<_, Infallible>(event)
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_close() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "a-1");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__mentorlog/live-reload.js\" data-site=\"a-1\"></script></BODY></html>"
        );
        let out = inject(b"<p>no body</p>", "a-1");
        assert!(String::from_utf8(out).unwrap().ends_with("</script>"));
        assert_eq!(inject(b"", "t").len(), script_tag("t").len());
    }
}
