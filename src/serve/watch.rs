//! Watching the site's folders, and cutting the stream of file events into bursts.
//!
//! `notify` with `notify-debouncer-full` (native events, or polling with `--poll` for
//! network drives and WSL, where native events are missed) watches `content/`,
//! `templates/`, `static/`, `themes/` and the site root itself, non-recursively, so that an
//! editor replacing `mentorlog.toml` is seen. The debouncer merges each path's events and
//! pairs renames; it releases each path on its own clock, so one save can arrive in
//! several batches. `Watcher::next_burst` therefore waits for a quiet moment across all
//! paths before it hands over a burst, and a longer one when a file the site uses has just
//! gone (an editor renaming the old file away before writing the new one): one rebuild
//! per burst, never a rebuild of a half-saved state. Events that come while a rebuild runs
//! queue up and make the next burst: one more rebuild, however many there were.
//!
//! This module only reports paths; `change` says what they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use super::change::{self, Changes};

/// How long the debouncer holds a path's events to merge them. Short: `next_burst` waits
/// for the quiet moment that matters, across all paths (issue 17: every millisecond here
/// is one before the open page reloads).
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(1);
/// How often the debouncer releases held events.
pub const TICK: Duration = Duration::from_millis(1);
/// A burst ends after this long without events. Editors' saves take well under a
/// millisecond from first to last event; events are released on the debouncer's ticks, so
/// a save is split only where its own events pause for longer than `QUIET - TICK`.
pub const QUIET: Duration = Duration::from_millis(5);
/// …or after this long when every file the site reads that the burst touched was last
/// closed after writing, or renamed into place: each save is over, and what else comes
/// is another one (one more rebuild, never one of a half-saved file).
pub const QUIET_AFTER_SAVE: Duration = Duration::from_millis(2);
/// …or this long when a file the site uses is missing or empty: editors that rename the
/// old file away, or truncate it, write the new text a moment later.
pub(crate) const QUIET_AFTER_REMOVAL: Duration = Duration::from_millis(150);
/// How often polling looks at the files (`--poll`). It compares their contents, not
/// only their times: `notify` keeps modification times in whole seconds, and two saves in
/// one second must not look like one.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How often a waiting watcher checks whether the server is stopping.
const STOP_CHECK: Duration = Duration::from_millis(250);

/// The folders watched recursively, relative to the root.
const WATCHED: &[&str] = &["content", "templates", "static", "themes", "i18n"];

/// The watching machinery of either kind.
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Self::Native(d) => d.watch(path, mode),
            Self::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Self::Native(d) => d.unwatch(path),
            Self::Poll(d) => d.unwatch(path),
        }
    }
}

/// What one burst of events changed.
#[derive(Debug, Default)]
pub(crate) struct Burst {
    /// What the paths mean for the site.
    pub changes: Changes,
    /// Problems the watcher reported (they also make the burst a full rescan).
    pub errors: Vec<String>,
}

/// Watches a site and hands over bursts of changes.
pub(crate) struct Watcher {
    root: PathBuf,
    backend: Backend,
    events: Receiver<DebounceEventResult>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute path); `poll` for the polling
    /// watcher.
    ///
    /// # Errors
    /// When the watcher cannot start or cannot watch the root.
    pub(crate) fn start(root: &Path, poll: bool) -> notify::Result<Self> {
        let (tx, events) = channel();
        let backend = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Backend::Poll(new_debouncer_opt::<_, PollWatcher, RecommendedCache>(
                DEBOUNCE,
                Some(TICK),
                tx,
                RecommendedCache::new(),
                config,
            )?)
        } else {
            Backend::Native(
                new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                    DEBOUNCE,
                    Some(TICK),
                    tx,
                    RecommendedCache::new(),
                    notify::Config::default(),
                )?,
            )
        };
        let mut watcher = Self {
            root: root.to_path_buf(),
            backend,
            events,
            watched: BTreeSet::new(),
        };
        watcher.backend.watch(root, RecursiveMode::NonRecursive)?;
        watcher.rewatch();
        Ok(watcher)
    }

    /// Watches the folders that exist now; forgets those that went.
    pub(crate) fn rewatch(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() {
                if let Err(e) = self.backend.watch(&dir, RecursiveMode::Recursive) {
                    problems.push(format!("cannot watch {name}/: {e}"));
                } else {
                    self.watched.insert(dir);
                }
            } else if self.watched.remove(&dir) {
                // Gone already; the error says so and means nothing.
                let _ = self.backend.unwatch(&dir);
            }
        }
        problems
    }

    /// Waits for the next burst of changes that matter for a site with theme `theme`.
    /// `None` when `stop` is set or the watcher is gone.
    pub(crate) fn next_burst(&mut self, theme: &str, stop: &AtomicBool) -> Option<Burst> {
        let mut paths: BTreeSet<PathBuf> = BTreeSet::new();
        let mut saved = Saved::default();
        let mut burst = Burst::default();
        // The first event of a burst.
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            match self.events.recv_timeout(STOP_CHECK) {
                Ok(batch) => {
                    self.take(batch, &mut paths, &mut saved, &mut burst);
                    if !paths.is_empty() || burst.changes.rescan {
                        break;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        // The rest of it: until the folders have been quiet for a moment.
        loop {
            let quiet = if self.something_went(theme, &paths) {
                QUIET_AFTER_REMOVAL
            } else if !burst.changes.rescan && saved.all_over(|p| self.matters(theme, p)) {
                QUIET_AFTER_SAVE
            } else {
                QUIET
            };
            match self.events.recv_timeout(quiet) {
                Ok(batch) => self.take(batch, &mut paths, &mut saved, &mut burst),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let changes = change::classify(&self.root, theme, paths.iter().map(PathBuf::as_path));
        burst.changes.merge(changes);
        if burst.changes.rewatch {
            burst.errors.extend(self.rewatch());
        }
        Some(burst)
    }

    fn take(
        &self,
        batch: DebounceEventResult,
        paths: &mut BTreeSet<PathBuf>,
        saved: &mut Saved,
        burst: &mut Burst,
    ) {
        match batch {
            Ok(events) => {
                for e in events {
                    if e.event.need_rescan() {
                        burst.changes.merge(Changes::everything());
                    }
                    if changes_files(&e.event.kind) {
                        paths.extend(e.event.paths.iter().cloned());
                        saved.note(&e.event.kind, &e.event.paths);
                    }
                }
            }
            Err(errors) => {
                burst
                    .errors
                    .extend(errors.iter().map(|e| format!("file watcher: {e}")));
                burst.changes.merge(Changes::everything());
            }
        }
    }

    /// Whether the site reads the file at `path`.
    fn matters(&self, theme: &str, path: &Path) -> bool {
        !change::classify(&self.root, theme, [path]).is_empty()
    }

    /// Whether a file the site reads is missing or empty now: half-way through a save.
    fn something_went(&self, theme: &str, paths: &BTreeSet<PathBuf>) -> bool {
        paths.iter().any(|p| {
            let half_saved = std::fs::metadata(p).map_or(true, |m| m.is_file() && m.len() == 0);
            half_saved && !change::classify(&self.root, theme, [p.as_path()]).is_empty()
        })
    }
}

/// Whether each path of a burst was, at its last event, done with: closed after writing
/// (`IN_CLOSE_WRITE`) or renamed into place (an editor's atomic save). Anything else —
/// a write not closed yet, a creation, a removal, a folder — is not.
#[derive(Debug, Default)]
pub(crate) struct Saved {
    over: BTreeMap<PathBuf, bool>,
}

impl Saved {
    /// Takes one event's kind and paths (for a rename: from, then to).
    pub(crate) fn note(&mut self, kind: &EventKind, paths: &[PathBuf]) {
        let last = paths.len().saturating_sub(1);
        for (k, path) in paths.iter().enumerate() {
            let over = match kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => k == last,
                _ => false,
            };
            self.over.insert(path.clone(), over);
        }
    }

    /// Whether every path `matters` says the site reads is done with (and there is one).
    pub(crate) fn all_over(&self, matters: impl Fn(&Path) -> bool) -> bool {
        let mut any = false;
        for (path, &over) in &self.over {
            if matters(path) {
                if !over {
                    return false;
                }
                any = true;
            }
        }
        any
    }
}

/// Whether an event can mean a changed file: reading one (as every rebuild does) cannot.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}
