//! What the preview's threads share: the site served now, the status open pages listen to,
//! the pages open in browsers. The rebuild loop writes it; the HTTP handlers and the
//! live-reload streams read it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;
use tokio::sync::watch;

use super::site::Pages;
use crate::diagnostic::{Diagnostic, Sources};

/// How many errors the overlay shows at most.
const MAX_ERRORS: usize = 20;

/// One error as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ErrorView {
    /// The file, relative to the site.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The message as the terminal shows it: the source line and a marker.
    pub snippet: String,
}

impl ErrorView {
    /// The views of `errors`, with source lines from `sources`.
    #[must_use]
    pub(crate) fn of(errors: &[Diagnostic], sources: &Sources) -> Vec<Self> {
        errors
            .iter()
            .filter(|d| d.is_error())
            .take(MAX_ERRORS)
            .map(|d| Self {
                path: d.path.clone(),
                line: d.loc.map(|l| l.line),
                column: d.loc.map(|l| l.column),
                message: d.message.clone(),
                hint: d.hint.clone(),
                snippet: d.render(sources),
            })
            .collect()
    }
}

/// The server's state, as `/__mentorlog/status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Status {
    /// The site's generation (this server's id, then its count of changes).
    pub tag: String,
    /// Whether a site has been built at all.
    pub has_site: bool,
    /// Rebuilds the watcher started (not counting the first build).
    pub rebuilds: u64,
    /// Pages served.
    pub pages: usize,
    /// The errors of the last rebuild; the overlay shows them.
    pub errors: Vec<ErrorView>,
}

/// The site as served: its pages and their versions.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Pages by path (`sessions/x/index.html`), with their versions.
    pub pages: Pages,
    /// This server, among restarts.
    pub instance: String,
    /// Whether a build has succeeded yet.
    pub has_site: bool,
}

impl Snapshot {
    /// The version of what a request for page `key` shows: the page, or the not-found
    /// page while there is no such page.
    #[must_use]
    pub(crate) fn version_of(&self, key: &str) -> u64 {
        if !self.has_site {
            return 0;
        }
        match self.pages.get(key) {
            Some(page) => page.version,
            None => self
                .pages
                .gone_in(key)
                .unwrap_or(0)
                .max(self.pages.get("404.html").map_or(0, |p| p.version)),
        }
    }

    /// The tag a page shown for `key` carries: a page reloads when it differs.
    #[must_use]
    pub(crate) fn tag_of(&self, key: &str) -> String {
        format!("{}-{:x}", self.instance, self.version_of(key))
    }
}

/// What the request handlers share with the rebuild loop.
pub(crate) struct Shared {
    /// The site served now.
    pub site: RwLock<Arc<Snapshot>>,
    /// The status open pages listen to.
    pub status: watch::Sender<Status>,
    /// The pages open in browsers (listening to events), with how many listen.
    pub open: Mutex<HashMap<String, usize>>,
}

impl Shared {
    /// The site served now.
    #[must_use]
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        match self.site.read() {
            Ok(s) => s.clone(),
            // A panicking writer left a whole snapshot behind all the same.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The pages open in browsers now.
    #[must_use]
    pub(crate) fn open_pages(&self) -> HashSet<String> {
        match self.open.lock() {
            Ok(open) => open.keys().cloned().collect(),
            Err(poisoned) => poisoned.into_inner().keys().cloned().collect(),
        }
    }

    /// Serves `snapshot` from now on.
    pub(crate) fn publish(&self, snapshot: Snapshot) {
        let new = Arc::new(snapshot);
        match self.site.write() {
            Ok(mut s) => *s = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }
}
