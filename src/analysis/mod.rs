//! The one derivation: inputs in, everything else derived from them and cached by what it
//! was derived from.
//!
//! A [`Host`] owns a site's inputs — `mentorlog.toml`, the notes' texts (from disk, or an
//! editor's unsaved buffers laid over them), the theme's files — and derives the rest:
//! each note's parse, the mentorships assembled from them, each mentorship's linked
//! history, the links between notes, the lints, the diagnostics, the compiled theme and
//! the history each audience may see. `check` and `build` load a host once and ask it;
//! `serve` keeps one, `Host::apply`s the files that changed and asks which pages that
//! touches (`selection`); the language server will apply unsaved buffers
//! (`Host::set_buffer`). No front end links, restricts or lints on its own.
//!
//! What is cached by what:
//! - a note's parse, by its text (`notes.rs`): an unchanged file is never parsed again;
//! - a mentorship's linked model, by its notes and its URL prefix (`linked.rs`): an edit
//!   links its own mentorship again, no other;
//! - the links between notes, by where every note's page is and which notes do not parse;
//! - a mentorship's lints, by its linked model (and only on a history without errors);
//!   the places in a note they point at, by the note's text (`Note::key_at`): linting a
//!   mentorship again walks the YAML of its edited notes only;
//! - the compiled theme, by the templates' bytes and the config (`theme.rs`);
//! - an audience's history, by everything above (recomputed on demand, `restricted`).
//!
//! It reads files only through `content::load`, `config::load` and `render::theme`, and
//! writes none. Why a hand-written map rather than `salsa`: ARCHITECTURE.md.

mod bounded;
mod editor;
mod linked;
mod notes;
pub(crate) mod selection;
mod theme;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::audience::{self, Audience, Withheld};
use crate::config::{self, SiteConfig};
use crate::content::load::MentorshipFiles;
use crate::content::{MentorshipDoc, Note};
use crate::diagnostic::{self, Diagnostic, Sources};
use crate::history::{self, Log, Mentorship};
use crate::lints::Lint;
use crate::render::Renderer;
use rayon::prelude::*;

use linked::LinkState;
use notes::FileEntry;
pub(crate) use theme::ThemeState;

/// What changed in a host's inputs since it last looked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Change {
    /// `mentorlog.toml`: everything is derived again.
    pub config: bool,
    /// A template or static file of the theme (or of `templates/`, `static/`).
    pub theme: bool,
    /// The folders of `content/` must be walked again (a note or folder appeared or went,
    /// a `mentorship.md` changed).
    pub rescan: bool,
    /// Notes whose text changed, relative to `content/`.
    pub notes: BTreeSet<PathBuf>,
}

impl Change {
    /// Everything: what a host starts from.
    #[must_use]
    pub(crate) fn everything() -> Self {
        Self {
            config: true,
            theme: true,
            rescan: true,
            notes: BTreeSet::new(),
        }
    }
}

/// What a front end fixes for the host's whole life.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Overrides the config's `base_url` (`build --base-url`; `serve` renders for `/`).
    pub base_url: Option<String>,
    /// The host is asked once (`check`, `build`): a note's parse goes to its mentorship
    /// and no copy stays behind to be reused (10,000 notes' worth of memory). A later
    /// change parses every note again.
    pub once: bool,
    /// A host asked once keeps the history of everything ([`Host::log`]) only when this
    /// is set: `mentorlog::check` hands it out. A build's host, and `check`'s that only
    /// prints, keep none ([`Host::log`] is empty): each mentorship's model goes once its
    /// diagnostics are made, and [`Host::take_restricted`] links what the audience sees.
    /// A host asked again (`serve`, `lsp`) always keeps it.
    pub history: bool,
    /// A shortcut broken on purpose, to show that the preview's property test catches it
    /// (`tests/cli/serve/property.rs`); `None` but in that test.
    #[doc(hidden)]
    pub fault: Option<Fault>,
}

/// A shortcut of the host broken on purpose (for tests of the tests).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A mentorship whose notes changed keeps its old linked model.
    StaleLinks,
    /// A mentorship whose model changed gets only its changed sessions' pages rendered.
    NarrowPages,
    /// An edited note keeps the places (of its warnings) found in its last text.
    StalePlaces,
    /// A note whose body alone changed keeps its old body in the linked model.
    StaleBodies,
    /// A build's report leaves the warnings it shows in the order they were made, not
    /// sorted by place (`bounded`).
    LintsUnsorted,
}

/// What changed in the derived history since a front end last [`Host::settle`]d: what
/// `serve` needs to know which pages to render again (see [`selection`]).
#[derive(Default)]
pub(crate) struct Pending {
    /// Everything may have changed (config or templates).
    pub all: bool,
    /// Mentorship folders whose notes changed.
    pub dirty: BTreeSet<PathBuf>,
    /// Notes whose page appeared, went or moved.
    pub moved: BTreeSet<PathBuf>,
    /// Mentorships as they were when last settled, by `mentorship.md` path, for those
    /// linked again since.
    pub replaced: HashMap<String, Mentorship>,
    /// Whether a front end settled once: before, nothing is kept of replaced mentorships.
    settled_once: bool,
}

/// A site's inputs and everything derived from them. See the module's documentation.
pub struct Host {
    root: PathBuf,
    options: Options,
    config: SiteConfig,
    config_diagnostics: Vec<Diagnostic>,
    config_sources: Sources,
    /// Problems of the last walk of `content/` (orphans, symlinks, unreadable files).
    scan_diagnostics: Vec<Diagnostic>,
    /// Every note, by its path relative to `content/`.
    files: BTreeMap<PathBuf, FileEntry>,
    /// Unsaved editor buffers by path relative to `content/`: read instead of the disk.
    buffers: HashMap<PathBuf, Arc<str>>,
    /// Mentorship folders, deepest first: the first that contains a note owns it.
    mentorship_dirs: Vec<PathBuf>,
    /// The mentorships that parsed, sorted by folder.
    docs: Vec<MentorshipDoc>,
    /// The compiled theme; `None` until asked for, or after its files changed.
    theme: Option<ThemeState>,
    /// The templates' bytes the theme was last compiled from (a change of those, not of
    /// static files, changes every page).
    theme_templates: Option<BTreeMap<String, Vec<u8>>>,
    /// The linked history of `docs` (audience `all`), one mentorship for each doc.
    log: Log,
    /// How each mentorship of `log` was linked.
    linked: Vec<LinkState>,
    /// Errors of mentorships that share a URL prefix.
    prefix_diagnostics: Vec<Diagnostic>,
    /// Mentorship folders to link again.
    relink: BTreeSet<PathBuf>,
    /// Notes whose body alone changed, by mentorship folder (one not in `relink`): its
    /// linked history is kept, their new bodies put in.
    reworded: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    /// What changed since the front end last settled.
    pending: Pending,
    /// The notes and history were moved out (`take_restricted`): assembled again from
    /// the parses at the next change.
    taken: bool,
    /// The parses were handed to the mentorships alone ([`Options::once`]).
    handed: bool,
    /// The history had no error at the last analysis, so its lints count.
    linted: bool,
}

impl Host {
    /// A host for the site at `root` that has read nothing yet.
    #[must_use]
    pub(crate) fn new(root: &Path, options: Options) -> Self {
        Self {
            root: root.to_path_buf(),
            options,
            config: SiteConfig::default(),
            config_diagnostics: Vec::new(),
            config_sources: Sources::default(),
            scan_diagnostics: Vec::new(),
            files: BTreeMap::new(),
            buffers: HashMap::new(),
            mentorship_dirs: Vec::new(),
            docs: Vec::new(),
            theme: None,
            theme_templates: None,
            log: Log::default(),
            linked: Vec::new(),
            prefix_diagnostics: Vec::new(),
            relink: BTreeSet::new(),
            reworded: BTreeMap::new(),
            pending: Pending {
                all: true,
                ..Pending::default()
            },
            taken: false,
            handed: false,
            linted: false,
        }
    }

    /// Reads and analyses the site at `root`: `check`.
    #[must_use]
    pub(crate) fn load(root: &Path, options: Options) -> Self {
        let mut host = Self::new(root, options);
        host.apply(&Change::everything());
        host
    }

    /// [`Host::load`] for a front end that asks once and reads the history of
    /// everything: `mentorlog::check`.
    #[must_use]
    pub(crate) fn load_once(root: &Path, base_url: Option<String>) -> Self {
        Self::load(
            root,
            Options {
                base_url,
                once: true,
                history: true,
                fault: None,
            },
        )
    }

    /// [`Host::load_once`] without the history of everything: a build, which links what
    /// its audience sees after the diagnostics ([`Host::take_restricted`], for `all` too),
    /// and `check`, which prints the problems and counts the log. The problems are the
    /// same (`a_host_without_the_history_reports_what_check_reports`), and at 100,000
    /// notes the history is hundreds of megabytes neither reads.
    #[must_use]
    pub(crate) fn load_without_history(root: &Path, base_url: Option<String>) -> Self {
        Self::load(
            root,
            Options {
                base_url,
                once: true,
                history: false,
                fault: None,
            },
        )
    }

    /// How many mentorships, sessions and goals the log has, whether or not its history
    /// is kept.
    #[must_use]
    pub(crate) fn size(&self) -> crate::CheckedSize {
        let (sessions, goals) = self
            .linked
            .iter()
            .map(LinkState::size)
            .fold((0, 0), |(s, g), (ms, mg)| (s + ms, g + mg));
        crate::CheckedSize {
            mentorships: self.linked.len(),
            sessions,
            goals,
        }
    }

    /// Whether the history of everything is kept ([`Options::history`]).
    fn keeps_history(&self) -> bool {
        !self.options.once || self.options.history
    }

    /// A host over files already in memory, with `config` as the site's settings (the
    /// fuzzers and benchmarks, which must not touch the disk).
    #[must_use]
    pub fn from_memory(config: SiteConfig, groups: Vec<MentorshipFiles>) -> Self {
        let mut host = Self::new(Path::new(""), Options::default());
        host.config = config;
        host.ingest(groups, Vec::new());
        host.analyse();
        host
    }

    /// Brings every derived value up to date with `change`.
    pub(crate) fn apply(&mut self, change: &Change) {
        // With no parse kept to assemble from, everything is walked and parsed again.
        let rescan = change.rescan || self.handed;
        if change.config {
            self.load_config();
        }
        if change.config || change.theme {
            self.theme = None;
        }
        if change.config || rescan {
            self.rescan();
        } else {
            for rel in &change.notes {
                if !self.refresh(rel) {
                    self.rescan();
                    break;
                }
            }
        }
        self.analyse();
    }

    /// Lays an editor's unsaved text over the note at `rel` (relative to `content/`), or
    /// takes it away (`None`: the file on disk counts again). Applied at once.
    pub(crate) fn set_buffer(&mut self, rel: &Path, text: Option<Arc<str>>) {
        match text {
            Some(text) => self.buffers.insert(rel.to_path_buf(), text),
            None => self.buffers.remove(rel),
        };
        let change = Change {
            notes: BTreeSet::from([rel.to_path_buf()]),
            ..Change::default()
        };
        self.apply(&change);
    }

    fn load_config(&mut self) {
        let mut sources = Sources::default();
        let (mut config, diagnostics) = config::load(&self.root, &mut sources);
        if let Some(base) = &self.options.base_url {
            config.base_url.clone_from(base);
        }
        self.config = config;
        self.config_diagnostics = diagnostics;
        self.config_sources = sources;
        self.pending.all = true;
    }

    /// The shortcut broken on purpose, if any.
    pub(crate) fn fault(&self) -> Option<Fault> {
        self.options.fault
    }

    /// The site's folder.
    #[must_use]
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The site's settings (with the front end's overrides).
    #[must_use]
    pub(crate) fn config(&self) -> &SiteConfig {
        &self.config
    }

    /// The mentorships that parsed, sorted by folder.
    #[must_use]
    pub fn docs(&self) -> &[MentorshipDoc] {
        &self.docs
    }

    /// The linked history of every note (audience `all`), one mentorship for each of
    /// [`Host::docs`], in the same order.
    #[must_use]
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// Every problem of the content but the lints: config, notes, references, links
    /// between notes. Not sorted.
    fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.config_diagnostics
            .iter()
            .chain(&self.scan_diagnostics)
            .chain(self.files.values().flat_map(FileEntry::diagnostics))
            .chain(&self.prefix_diagnostics)
            .chain(self.linked.iter().flat_map(LinkState::diagnostics))
    }

    /// The theme's problems, once it was compiled (`Host::renderer`).
    fn theme_problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.theme.iter().flat_map(|t| &t.diagnostics)
    }

    /// The lints, each beside the mentorship it was made of, when they count: only on a
    /// history without errors (the lints a mentorship kept from before an error elsewhere
    /// do not count while it stands: a fresh host would not lint at all).
    fn lints(&self) -> impl Iterator<Item = (&MentorshipDoc, &Lint)> {
        debug_assert!(!self.linted || self.docs.len() == self.linked.len());
        self.linted
            .then(|| {
                self.docs.iter().zip(&self.linked).flat_map(|(doc, state)| {
                    debug_assert_eq!(doc.dir, state.dir());
                    state.lints().map(move |lint| (doc, lint))
                })
            })
            .into_iter()
            .flatten()
    }

    /// Every lint that counts with its place, in the order of [`Host::lints`]. The span
    /// maps the places were found with go one mentorship at a time.
    fn placed_lints(&self) -> Vec<Diagnostic> {
        if !self.linted {
            return Vec::new();
        }
        self.docs
            .par_iter()
            .zip(&self.linked)
            .flat_map_iter(|(doc, state)| {
                let placed: Vec<Diagnostic> = state.lints().map(|l| l.placed(doc)).collect();
                forget_spans(doc);
                placed
            })
            .collect()
    }

    /// Every current problem, sorted: the content's, and the theme's once it was
    /// compiled (`Host::renderer`).
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.problems().cloned().collect();
        all.extend(self.placed_lints());
        all.extend(self.theme_problems().cloned());
        diagnostic::sort(&mut all);
        all.dedup();
        all
    }

    /// Every current error, sorted: [`Host::diagnostics`] without the warnings, which it
    /// does not copy (a log with warnings has thousands; lints are all warnings).
    #[must_use]
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> = self
            .problems()
            .chain(self.theme_problems())
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        diagnostic::sort(&mut errors);
        errors.dedup();
        errors
    }

    /// Whether the content has an error (the theme's are not counted until compiled).
    #[must_use]
    pub(crate) fn has_errors(&self) -> bool {
        self.problems()
            .chain(self.theme_problems())
            .any(Diagnostic::is_error)
    }

    /// The text of every file read, for showing source lines under messages.
    #[must_use]
    pub(crate) fn sources(&self) -> Sources {
        let mut sources = self.config_sources.clone();
        for (path, text) in self.theme.iter().flat_map(|t| t.sources.entries()) {
            sources.insert(path, text);
        }
        for entry in self.files.values() {
            if let Some(text) = entry.text() {
                sources.insert(entry.path().to_owned(), text.clone());
            }
        }
        sources
    }

    /// [`Host::sources`] of only the files `diagnostics` name: what a build keeps to show
    /// its messages, without a map of every note's text made and let go on the way.
    #[must_use]
    pub(crate) fn sources_of(&self, diagnostics: &[Diagnostic]) -> Sources {
        let named: std::collections::HashSet<&str> =
            diagnostics.iter().map(|d| d.path.as_str()).collect();
        let mut sources = self.config_sources.clone();
        for (path, text) in self.theme.iter().flat_map(|t| t.sources.entries()) {
            sources.insert(path, text);
        }
        for entry in self.files.values() {
            if let Some(text) = entry.text()
                && named.contains(entry.path())
            {
                sources.insert(entry.path().to_owned(), text.clone());
            }
        }
        sources
    }

    /// The history `audience` may see: restricted, then linked again from only what is
    /// left, so that nothing withheld can reach derived data. For `all` on a history
    /// without errors, that is [`Host::log`] (a test holds the two equal).
    #[must_use]
    pub(crate) fn restricted(&self, audience: Audience) -> (Log, Withheld) {
        restricted(&self.docs, audience)
    }

    /// [`Host::restricted`] for a front end that asks once (`build`): moves the notes
    /// and the history out instead of copying them (memory matters at 10,000 notes). The
    /// host keeps its inputs and parses, and derives the rest again if asked.
    pub(crate) fn take_restricted(&mut self, audience: Audience) -> (Log, Withheld) {
        let full = std::mem::take(&mut self.log);
        let docs = std::mem::take(&mut self.docs);
        self.linked.clear();
        self.taken = true;
        self.relink.extend(self.mentorship_dirs.iter().cloned());
        if self.options.once {
            // What the messages show was taken before (`Host::sources`): the notes' texts
            // go, but for the bodies the history below keeps.
            self.files.values_mut().for_each(FileEntry::forget_text);
        }
        // Freeing the full history takes a while: not on the way.
        std::thread::spawn(move || drop(full));
        let (mut visible, withheld) = audience::restrict_owned(docs, audience);
        // The diagnostics were made: the history to render needs the notes' bodies only,
        // and the front matter's text goes with the host.
        visible.par_iter_mut().for_each(|doc| {
            doc.note.keep_body_only();
            doc.sessions.iter_mut().for_each(Note::keep_body_only);
        });
        (history::link::link_to_render(visible), withheld)
    }

    /// [`Host::take_restricted`] and [`Host::take_theme`] together, for `build`: a theme
    /// not compiled yet compiles on one thread while the audience's history is linked on
    /// the other (each took a few milliseconds on one thread while the other waited).
    pub(crate) fn take_for_render(&mut self, audience: Audience) -> ((Log, Withheld), ThemeState) {
        if self.theme.is_some() {
            let restricted = self.take_restricted(audience);
            return (restricted, self.take_theme());
        }
        let (root, config) = (self.root.clone(), self.config.clone());
        let (restricted, theme) = rayon::join(
            || self.take_restricted(audience),
            || ThemeState::load(&root, &config),
        );
        self.theme_templates = None;
        (restricted, theme)
    }

    /// The compiled theme, compiled now if its files changed; `None` when it has errors
    /// (in [`Host::diagnostics`]).
    pub(crate) fn renderer(&mut self) -> Option<&Renderer> {
        if self.theme.is_none() {
            let state = ThemeState::load(&self.root, &self.config);
            // New templates change every page; so does the first theme that compiles.
            if self.theme_templates.as_ref() != Some(&state.templates) {
                self.pending.all = true;
            }
            self.theme_templates = state.renderer.is_some().then(|| state.templates.clone());
            self.theme = Some(state);
        }
        self.theme.as_ref().and_then(|t| t.renderer.as_ref())
    }

    /// Moves the compiled theme out (compiled now if need be), for a front end that
    /// renders once (`build`).
    pub(crate) fn take_theme(&mut self) -> ThemeState {
        self.renderer();
        self.theme_templates = None;
        self.theme.take().unwrap_or_default()
    }

    /// What `check` reports, taken out of the host.
    #[must_use]
    pub(crate) fn into_checked(mut self) -> crate::Checked {
        crate::Checked {
            diagnostics: self.diagnostics(),
            sources: self.sources(),
            docs: std::mem::take(&mut self.docs),
            log: std::mem::take(&mut self.log),
            config: self.config,
        }
    }

    /// The site's theme compiled for another `config` (the encrypted team site's base
    /// URL), apart from the host's own.
    #[must_use]
    pub(crate) fn compile_theme(&self, config: &SiteConfig) -> ThemeState {
        ThemeState::load(&self.root, config)
    }

    /// The compiled theme as last compiled, without compiling it.
    #[must_use]
    pub(crate) fn compiled(&self) -> Option<&ThemeState> {
        self.theme.as_ref()
    }

    /// What changed since the front end last settled.
    #[must_use]
    pub(crate) fn pending(&self) -> &Pending {
        &self.pending
    }

    /// The front end has taken in what changed: start counting afresh.
    pub(crate) fn settle(&mut self) {
        self.pending = Pending {
            settled_once: true,
            ..Pending::default()
        };
    }

    /// Whether `rel` (relative to `content/`) is a folder that held notes.
    #[must_use]
    pub(crate) fn holds_notes(&self, rel: &Path) -> bool {
        self.files
            .range(rel.to_path_buf()..)
            .next()
            .is_some_and(|(p, _)| p != rel && p.starts_with(rel))
    }

    /// Links what changed, checks links between notes where they can have changed, and
    /// lints (only on a history without errors). The notes forget the positions found for
    /// diagnostics afterwards (issue 13: a log with warnings must not keep its span maps).
    fn analyse(&mut self) {
        if std::mem::take(&mut self.taken) && !self.handed {
            self.reassemble_all();
        }
        if self.keeps_history() {
            if !self.relink.is_empty()
                || !self.reworded.is_empty()
                || self.linked.len() != self.docs.len()
            {
                self.link();
            }
            let errors = self.problems().any(Diagnostic::is_error);
            self.linted = !errors;
            if self.linted {
                self.lint();
            }
        } else {
            self.link_without_history();
        }
        self.docs.iter().for_each(forget_spans);
    }
}

/// Lets go of the span maps of `doc`'s notes (issue 13: a log with warnings must not keep
/// them).
fn forget_spans(doc: &MentorshipDoc) {
    doc.note.forget_spans();
    doc.sessions.iter().for_each(Note::forget_spans);
}

/// The history `audience` may see of `docs`; what `Host::restricted` derives.
#[must_use]
pub fn restricted(docs: &[MentorshipDoc], audience: Audience) -> (Log, Withheld) {
    let (visible, withheld) = audience::restrict(docs, audience);
    (history::link(&visible).0, withheld)
}

/// The history `audience` may see of mentorships given as files in memory, linked as a
/// build links it: for the tests of what renders from it.
#[cfg(test)]
pub(crate) fn log_of_files(groups: Vec<MentorshipFiles>, audience: Audience) -> Log {
    let mut host = Host::new(
        Path::new(""),
        Options {
            once: true,
            ..Options::default()
        },
    );
    host.config = SiteConfig::default();
    host.ingest(groups, Vec::new());
    host.analyse();
    host.take_restricted(audience).0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the example log with an error in one note and a warning in another.
    fn broken_example() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in walkdir::WalkDir::new(root.join("content")) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    fn append(path: &Path, text: &str) {
        let mut all = std::fs::read_to_string(path).unwrap();
        all.push_str(text);
        std::fs::write(path, all).unwrap();
    }

    /// The history a build renders is the one `history::link` makes, but for the notes'
    /// pages it does not keep.
    #[test]
    fn the_history_linked_to_render_is_the_plain_one() {
        let host = Host::load_once(Path::new(env!("CARGO_MANIFEST_DIR")), None);
        for audience in [Audience::Public, Audience::Team, Audience::All] {
            let (visible, _) = audience::restrict(host.docs(), audience);
            let plain = serde_json::to_string(&history::link(&visible).0).unwrap();
            let mut docs = visible.clone();
            docs.iter_mut().for_each(|doc| {
                doc.note.keep_body_only();
                doc.sessions.iter_mut().for_each(Note::keep_body_only);
            });
            let log = history::link::link_to_render(docs);
            assert!(log.note_urls.is_empty());
            assert_eq!(serde_json::to_string(&log).unwrap(), plain, "{audience:?}");
        }
    }

    /// A build's host keeps no history of everything; its diagnostics are still check's,
    /// warnings (made beside the linking) included, and dropped when there is an error.
    #[test]
    fn a_host_without_the_history_reports_what_check_reports() {
        let site = broken_example();
        let root = site.path();
        let same = |what: &str| {
            let check = Host::load_once(root, None);
            assert!(check.keeps_history());
            let build = Host::load_without_history(root, None);
            assert!(!build.keeps_history() && build.log().mentorships.is_empty());
            assert_eq!(build.diagnostics(), check.diagnostics(), "{what}");
            check.diagnostics()
        };
        let clean = same("the example");
        assert!(clean.is_empty(), "{clean:?}");
        let sessions = root.join("content/sessions");
        let mut notes: Vec<PathBuf> = std::fs::read_dir(&sessions)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        notes.sort();
        // A goal link to nothing: an error of the links between notes, found last.
        append(&notes[1], "\nSee [this](goal:no-such-goal).\n");
        let broken = same("a broken goal link");
        assert!(broken.iter().any(Diagnostic::is_error));
        // With the error gone, a session whose questions are under an unknown key: a
        // warning of the note, and a lint (no questions).
        let fixed = std::fs::read_to_string(&notes[1]).unwrap();
        std::fs::write(
            &notes[1],
            fixed.replace("(goal:no-such-goal)", "(https://example.org/)"),
        )
        .unwrap();
        let text = std::fs::read_to_string(&notes[2]).unwrap();
        std::fs::write(
            &notes[2],
            text.replacen("\nquestions:", "\nold_questions:", 1),
        )
        .unwrap();
        let warned = same("warnings");
        let codes: Vec<&str> = warned.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"no-questions"), "{warned:?}");
    }
}
