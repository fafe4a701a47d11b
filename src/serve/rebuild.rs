//! The preview's incremental rebuilds: the cheapest rebuild that is still exactly right.
//!
//! [`Preview`] keeps what a clean build would compute, in pieces that can be replaced one
//! at a time: every note's text and parse (keyed by path), the mentorships assembled from
//! them, the compiled theme, the linked history of the last good site, and its pages.
//!
//! - An edited note is read and parsed alone; its mentorship is assembled again from the
//!   cached parses of its other notes; the history is linked again (cheap, and the only
//!   way to know what an edit means for goals, numbering and recurring items).
//! - Pages are re-rendered only where their inputs can have changed. A mentorship's
//!   fingerprint is its whole linked model but for note bodies: when it changes, every
//!   page of that mentorship is rendered again; when only a body changed, only that
//!   session's page and the mentorship's other (list and aggregate) pages are. Pages
//!   outside every mentorship's prefix, and `/` when there are several, are rendered on
//!   every content change, except `log.json`, which holds the model without bodies.
//! - A template change re-renders every page from the linked history it has; a static
//!   file change copies that file; a config change rebuilds everything from disk.
//! - A rebuild with errors changes no page: the last good site stays.
//!
//! **Invariant:** after any sequence of [`Preview::apply`], [`Preview::pages`] is
//! byte-identical to [`clean_render`] of the same files. It rests on one assumption about
//! the theme, checked by the property test in `tests/cli/serve.rs`: a page under a
//! mentorship's prefix shows only that mentorship (and the `site` every page gets).
//!
//! Only this module and `content::load` (which it calls) read notes for the preview; it
//! never writes a file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::audience::{self, Audience};
use crate::config::{self, SiteConfig};
use crate::content::doc::{MentorshipFront, SessionFront};
use crate::content::front_matter::Schema;
use crate::content::load::{self, MENTORSHIP_FILE, SourceFile};
use crate::content::markdown::Target;
use crate::content::{self, MentorshipDoc, Note};
use crate::diagnostic::{self, Diagnostic, Sources, display_path};
use crate::history::link::resolve_note_path;
use crate::history::{self, Log, Mentorship};
use crate::render::{self, Page, RenderSettings, Renderer, theme};
use crate::{Checked, lints};

use super::change::Changes;

/// The base URL the preview renders with: pages link to `/…` on whatever host serves them.
pub const BASE_URL: &str = "/";

/// How the preview renders: everything (audience `all`), with pages the public build
/// would withhold marked.
#[must_use]
pub fn settings() -> RenderSettings {
    RenderSettings {
        audience: Audience::All,
        mark_withheld: true,
    }
}

/// A clean, from-scratch render of the site at `root` with the preview's settings: what
/// the preview must equal. The pages by path, or the problems that stop the build.
///
/// # Errors
/// Every error found, when there is one.
pub fn clean_render(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut checked: Checked = crate::check(root);
    if checked.has_errors() {
        return Err(errors_of(checked.diagnostics));
    }
    BASE_URL.clone_into(&mut checked.config.base_url);
    let (pages, _) = crate::render_pages(&mut checked, root, Audience::All, &settings());
    match pages {
        Some(pages) => Ok(pages.into_iter().map(|p| (p.path, p.bytes)).collect()),
        None => Err(errors_of(checked.diagnostics)),
    }
}

fn errors_of(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Whether the site was rebuilt; when not, the last good site is still served.
    pub ok: bool,
    /// Whether every page was rendered.
    pub full: bool,
    /// What changed, in a few words ("content/sessions/x.md", "templates" …).
    pub what: String,
    /// Pages rendered.
    pub rendered: usize,
    /// Pages added, changed or removed.
    pub changed: usize,
    /// Pages the site has now.
    pub total: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// What to tell the author: every error, and the warnings of the files that changed
    /// (of every file after a full rebuild).
    pub diagnostics: Vec<Diagnostic>,
}

/// One note as last read: its text and what parsing it gave.
#[derive(Debug)]
struct FileEntry {
    /// The path shown in messages.
    path: String,
    /// The text, for showing source lines (lossily decoded when it is not UTF-8).
    text: Option<Arc<str>>,
    /// The mentorship folder it belongs to, relative to `content/`.
    owner: PathBuf,
    /// The parse.
    state: NoteState,
    /// Problems reading or parsing it.
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
enum NoteState {
    Session(Option<Note<SessionFront>>),
    Mentorship(Option<Note<MentorshipFront>>),
    /// Not read, or not UTF-8: no part of any mentorship.
    Unread,
}

impl FileEntry {
    /// Parses a decoded file, as `content::parse` does.
    fn parse(file: &SourceFile, owner: PathBuf) -> Self {
        let is_mentorship = file.rel.file_name().is_some_and(|n| n == MENTORSHIP_FILE);
        let (state, diagnostics) = if is_mentorship {
            let (note, d) = content::parse_note::<MentorshipFront>(file, Schema::Mentorship);
            (NoteState::Mentorship(note), d)
        } else {
            let (note, d) = content::parse_note::<SessionFront>(file, Schema::Session);
            (NoteState::Session(note), d)
        };
        Self {
            path: file.path.clone(),
            text: Some(file.text.clone()),
            owner,
            state,
            diagnostics,
        }
    }

    fn same_text(&self, text: &str) -> bool {
        self.text.as_deref() == Some(text)
    }
}

/// The compiled theme and what it was compiled from.
#[derive(Default)]
struct ThemeState {
    renderer: Option<Renderer>,
    templates: BTreeMap<String, Vec<u8>>,
    statics: BTreeMap<String, Vec<u8>>,
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
}

/// What the served pages were rendered from.
struct Good {
    log: Arc<Log>,
    /// The static files it had, by path.
    statics: BTreeSet<String>,
    /// Each mentorship's fingerprint, by its `mentorship.md` path.
    fingerprints: HashMap<String, u64>,
    /// What every page shows of the site (config, the mentorships' titles and URLs).
    site_key: u64,
}

/// The preview's state: a site kept up to date, change by change.
pub struct Preview {
    root: PathBuf,
    config: SiteConfig,
    config_diagnostics: Vec<Diagnostic>,
    config_sources: Sources,
    /// Problems of the last walk of `content/` (orphans, symlinks, unreadable files).
    scan_diagnostics: Vec<Diagnostic>,
    /// Every note, by its path relative to `content/`.
    files: BTreeMap<PathBuf, FileEntry>,
    /// Mentorship folders, deepest first: the first that contains a note owns it.
    mentorship_dirs: Vec<PathBuf>,
    /// The mentorships that parsed, by folder.
    docs: Vec<MentorshipDoc>,
    theme: ThemeState,
    /// Mentorship folders changed since the last good site.
    dirty: BTreeSet<PathBuf>,
    /// Every page must be rendered at the next success.
    all_dirty: bool,
    /// The history of every note (audience `all`, for diagnostics) has to be linked again.
    relink: bool,
    /// Diagnostics of the last linking and lints.
    link_diagnostics: Vec<Diagnostic>,
    /// The history to render, from the last linking.
    visible: Option<Arc<Log>>,
    /// Template errors met while rendering, in the last rebuild.
    render_errors: Vec<Diagnostic>,
    good: Option<Good>,
    pages: BTreeMap<String, Arc<[u8]>>,
    generation: u64,
    errors: Vec<Diagnostic>,
}

impl Preview {
    /// Reads, checks and renders the site at `root` from scratch.
    #[must_use]
    pub fn open(root: &Path) -> (Self, Outcome) {
        let mut preview = Self {
            root: root.to_path_buf(),
            config: SiteConfig::default(),
            config_diagnostics: Vec::new(),
            config_sources: Sources::default(),
            scan_diagnostics: Vec::new(),
            files: BTreeMap::new(),
            mentorship_dirs: Vec::new(),
            docs: Vec::new(),
            theme: ThemeState::default(),
            dirty: BTreeSet::new(),
            all_dirty: true,
            relink: true,
            link_diagnostics: Vec::new(),
            visible: None,
            render_errors: Vec::new(),
            good: None,
            pages: BTreeMap::new(),
            generation: 0,
            errors: Vec::new(),
        };
        let outcome = preview.apply(&Changes::everything());
        (preview, outcome)
    }

    /// The site's folder.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The theme in use (a folder name under `themes/`).
    #[must_use]
    pub fn theme_name(&self) -> &str {
        &self.config.theme
    }

    /// The last good site's pages by path; empty until a build succeeds.
    #[must_use]
    pub fn pages(&self) -> &BTreeMap<String, Arc<[u8]>> {
        &self.pages
    }

    /// Counts the successful rebuilds that changed the site.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether a good site exists.
    #[must_use]
    pub fn has_site(&self) -> bool {
        self.good.is_some()
    }

    /// The errors of the last rebuild; empty when it succeeded.
    #[must_use]
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// The text of every file read, for showing source lines under messages.
    #[must_use]
    pub fn sources(&self) -> Sources {
        let mut sources = self.config_sources.clone();
        for (path, text) in self.theme.sources.entries() {
            sources.insert(path, text);
        }
        for entry in self.files.values() {
            if let Some(text) = &entry.text {
                sources.insert(entry.path.clone(), text.clone());
            }
        }
        sources
    }

    /// Brings the site up to date with `changes` (paths that changed on disk).
    pub fn apply(&mut self, changes: &Changes) -> Outcome {
        let start = Instant::now();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        if changes.config {
            self.load_config();
            self.load_theme();
            self.rescan();
        } else {
            if changes.templates || changes.statics {
                self.load_theme();
            }
            let folder_changed = changes
                .content_other
                .iter()
                .any(|p| self.root.join("content").join(p).is_dir() || self.holds_notes(p));
            if changes.rescan || folder_changed {
                self.rescan();
            } else {
                for rel in &changes.notes {
                    touched.insert(display_path(
                        &self.root,
                        &self.root.join("content").join(rel),
                    ));
                    if !self.refresh(rel) {
                        self.rescan();
                        break;
                    }
                }
            }
        }
        let full_report = changes.config || changes.rescan || self.good.is_none();
        let mut outcome = self.render_pass();
        outcome.what = changes.describe();
        outcome.elapsed = start.elapsed();
        outcome.diagnostics = if full_report {
            self.current_diagnostics()
        } else {
            self.current_diagnostics()
                .into_iter()
                .filter(|d| d.is_error() || touched.contains(&d.path))
                .collect()
        };
        outcome
    }

    fn load_config(&mut self) {
        let mut sources = Sources::default();
        let (mut config, diagnostics) = config::load(&self.root, &mut sources);
        BASE_URL.clone_into(&mut config.base_url);
        self.config = config;
        self.config_diagnostics = diagnostics;
        self.config_sources = sources;
        self.all_dirty = true;
    }

    /// Loads the theme again; compiles it when its templates (or the config) changed.
    fn load_theme(&mut self) {
        let (theme, diagnostics) = theme::load(&self.root, &self.config.theme);
        let templates: BTreeMap<String, Vec<u8>> = theme
            .templates
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes.clone()))
            .collect();
        let statics: BTreeMap<String, Vec<u8>> = theme
            .statics
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes.clone()))
            .collect();
        if templates != self.theme.templates || self.theme.renderer.is_none() {
            self.all_dirty = true;
        }
        self.theme.templates = templates;
        self.theme.statics = statics;
        self.theme.diagnostics = diagnostics;
        self.theme.sources = Sources::default();
        self.theme.renderer = None;
        if self.theme.diagnostics.iter().any(Diagnostic::is_error) {
            return;
        }
        match Renderer::new(theme, &self.config, &mut self.theme.sources) {
            Ok(r) => self.theme.renderer = Some(r),
            Err(d) => self.theme.diagnostics.extend(d),
        }
    }

    /// Walks `content/` again, re-parsing only the notes whose text changed.
    fn rescan(&mut self) {
        let (groups, diagnostics) = load::load(&self.root);
        self.scan_diagnostics = diagnostics;
        let mut old = std::mem::take(&mut self.files);
        let mut to_parse: Vec<(SourceFile, PathBuf)> = Vec::new();
        let mut dirs = Vec::new();
        for group in groups {
            dirs.push(group.dir.clone());
            for file in group.mentorship.into_iter().chain(group.sessions) {
                match old.remove(&file.rel) {
                    Some(mut entry) if entry.same_text(&file.text) => {
                        entry.owner.clone_from(&group.dir);
                        self.files.insert(file.rel.clone(), entry);
                    }
                    _ => to_parse.push((file, group.dir.clone())),
                }
            }
            for file in group.undecodable {
                self.files.insert(
                    file.rel.clone(),
                    FileEntry {
                        path: file.path.clone(),
                        text: Some(file.text.clone()),
                        owner: group.dir.clone(),
                        state: NoteState::Unread,
                        // `load` reported it, in `scan_diagnostics`.
                        diagnostics: Vec::new(),
                    },
                );
            }
        }
        let parsed: Vec<(PathBuf, FileEntry)> = to_parse
            .into_par_iter()
            .map(|(file, owner)| (file.rel.clone(), FileEntry::parse(&file, owner)))
            .collect();
        self.files.extend(parsed);
        // Deepest first, as `load` assigns notes.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        self.mentorship_dirs = dirs;
        // Every mentorship may have changed; fingerprints tell which did.
        self.dirty.extend(self.mentorship_dirs.iter().cloned());
        self.relink = true;
        self.docs = self.assemble_all();
    }

    /// Whether `rel` (relative to `content/`) is a folder that held notes.
    fn holds_notes(&self, rel: &Path) -> bool {
        self.files
            .range(rel.to_path_buf()..)
            .next()
            .is_some_and(|(p, _)| p != rel && p.starts_with(rel))
    }

    fn owner_of(&self, rel: &Path) -> Option<&PathBuf> {
        self.mentorship_dirs.iter().find(|d| rel.starts_with(d))
    }

    /// Reads and parses one note again; `false` when the folders must be walked instead
    /// (a mentorship file, a symbolic link, a note that belongs to no mentorship).
    fn refresh(&mut self, rel: &Path) -> bool {
        if rel.file_name().is_some_and(|n| n == MENTORSHIP_FILE) {
            return false;
        }
        let Some(owner) = self.owner_of(rel).cloned() else {
            return false;
        };
        let full = self.root.join("content").join(rel);
        let path = display_path(&self.root, &full);
        // What the last walk said about this file no longer holds.
        self.scan_diagnostics.retain(|d| d.path != path);
        self.dirty.insert(owner.clone());
        self.relink = true;
        let meta = match std::fs::symlink_metadata(&full) {
            Ok(m) => m,
            Err(_) => {
                self.files.remove(rel);
                self.reassemble(&owner);
                return true;
            }
        };
        if meta.file_type().is_symlink() || !meta.is_file() {
            return false;
        }
        let entry = match std::fs::read(&full) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.files.remove(rel);
                self.reassemble(&owner);
                return true;
            }
            Err(e) => FileEntry {
                path: path.clone(),
                text: None,
                owner: owner.clone(),
                state: NoteState::Unread,
                diagnostics: vec![Diagnostic::error(
                    path,
                    None,
                    "unreadable",
                    format!("cannot read the file: {e}"),
                )],
            },
            Ok(bytes) => match load::decode(&path, bytes.clone()) {
                Ok(text) => FileEntry::parse(
                    &SourceFile {
                        path,
                        rel: rel.to_path_buf(),
                        text: text.into(),
                    },
                    owner.clone(),
                ),
                Err(d) => FileEntry {
                    path,
                    text: Some(String::from_utf8_lossy(&bytes).replace("\r\n", "\n").into()),
                    owner: owner.clone(),
                    state: NoteState::Unread,
                    diagnostics: vec![d],
                },
            },
        };
        self.files.insert(rel.to_path_buf(), entry);
        self.reassemble(&owner);
        true
    }

    /// Builds the mentorship of folder `dir` from the cached parses, as `content::parse`
    /// does; `None` when its `mentorship.md` did not parse.
    fn assemble(&self, dir: &Path) -> Option<MentorshipDoc> {
        let NoteState::Mentorship(Some(note)) = &self.files.get(&dir.join(MENTORSHIP_FILE))?.state
        else {
            return None;
        };
        let mut doc = MentorshipDoc {
            dir: dir.to_path_buf(),
            note: note.clone(),
            sessions: Vec::new(),
            broken: Vec::new(),
            broken_ids: HashSet::new(),
        };
        for (rel, entry) in self
            .files
            .range(dir.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(dir))
            .filter(|(_, e)| e.owner == dir)
        {
            match &entry.state {
                NoteState::Session(Some(n)) => doc.sessions.push(n.clone()),
                NoteState::Session(None) => {
                    doc.broken.push(rel.clone());
                    if let Some(text) = &entry.text {
                        doc.broken_ids.extend(content::ids_in(text));
                    }
                }
                NoteState::Mentorship(_) | NoteState::Unread => {}
            }
        }
        Some(doc)
    }

    fn assemble_all(&self) -> Vec<MentorshipDoc> {
        let mut dirs = self.mentorship_dirs.clone();
        dirs.sort();
        dirs.iter().filter_map(|d| self.assemble(d)).collect()
    }

    fn reassemble(&mut self, dir: &Path) {
        let doc = self.assemble(dir);
        match (
            self.docs.binary_search_by(|d| d.dir.as_path().cmp(dir)),
            doc,
        ) {
            (Ok(i), Some(doc)) => self.docs[i] = doc,
            (Ok(i), None) => {
                self.docs.remove(i);
            }
            (Err(i), Some(doc)) => self.docs.insert(i, doc),
            (Err(_), None) => {}
        }
    }

    /// Every current problem, sorted.
    fn current_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .config_diagnostics
            .iter()
            .chain(&self.scan_diagnostics)
            .chain(self.files.values().flat_map(|e| &e.diagnostics))
            .chain(&self.link_diagnostics)
            .chain(&self.theme.diagnostics)
            .chain(&self.render_errors)
            .cloned()
            .collect();
        all.dedup();
        diagnostic::sort(&mut all);
        all.dedup();
        all
    }

    /// Links, decides which pages to render, renders them, and swaps them in.
    fn render_pass(&mut self) -> Outcome {
        let mut outcome = Outcome {
            ok: false,
            full: false,
            what: String::new(),
            rendered: 0,
            changed: 0,
            total: self.pages.len(),
            elapsed: Duration::ZERO,
            diagnostics: Vec::new(),
        };
        if self.relink || self.visible.is_none() {
            let (log_all, mut diagnostics) = history::link(&self.docs);
            let content_errors = self
                .config_diagnostics
                .iter()
                .chain(&self.scan_diagnostics)
                .chain(self.files.values().flat_map(|e| &e.diagnostics))
                .chain(&diagnostics)
                .any(Diagnostic::is_error);
            if !content_errors {
                diagnostics.extend(lints::lint(&self.docs, &log_all));
            }
            self.link_diagnostics = diagnostics;
            self.relink = false;
            if content_errors {
                self.visible = None;
            } else {
                // As `render_pages` does: link again from what the audience may see.
                let (visible, _) = audience::restrict(&self.docs, Audience::All);
                self.visible = Some(Arc::new(history::link(&visible).0));
            }
        }
        let mut errors: Vec<Diagnostic> = self
            .config_diagnostics
            .iter()
            .chain(&self.scan_diagnostics)
            .chain(self.files.values().flat_map(|e| &e.diagnostics))
            .chain(&self.link_diagnostics)
            .chain(&self.theme.diagnostics)
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        self.render_errors.clear();
        let (Some(log), Some(renderer), true) = (
            self.visible.clone(),
            self.theme.renderer.as_ref(),
            errors.is_empty(),
        ) else {
            diagnostic::sort(&mut errors);
            self.errors = errors;
            return outcome;
        };

        let plan = Plan::new(self, &log);
        let wanted = |p: &str| plan.wants(p);
        match render::render_some(&log, &self.config, renderer, &settings(), &wanted) {
            Err(mut e) => {
                diagnostic::sort(&mut e);
                self.render_errors.clone_from(&e);
                self.errors = e;
                outcome
            }
            Ok(new_pages) => {
                outcome.ok = true;
                outcome.full = plan.all;
                outcome.rendered = new_pages.len();
                let produced: HashSet<&str> = new_pages.iter().map(|p| p.path.as_str()).collect();
                let before = self.pages.len();
                self.pages
                    .retain(|path, _| !plan.wants(path) || produced.contains(path.as_str()));
                let mut changed = before - self.pages.len();
                for Page { path, bytes } in new_pages {
                    if self.pages.get(&path).is_none_or(|old| **old != *bytes) {
                        changed += 1;
                        self.pages.insert(path, bytes.into());
                    }
                }
                outcome.changed = changed;
                outcome.total = self.pages.len();
                if changed > 0 || self.good.is_none() {
                    self.generation += 1;
                }
                let fingerprints = plan.fingerprints;
                let site_key = plan.site_key;
                self.good = Some(Good {
                    log,
                    statics: self.theme.statics.keys().cloned().collect(),
                    fingerprints,
                    site_key,
                });
                self.dirty.clear();
                self.all_dirty = false;
                self.errors.clear();
                outcome
            }
        }
    }
}

/// Which pages a rebuild renders, and the fingerprints it leaves for the next one.
struct Plan {
    all: bool,
    /// The model serialised in `log.json` may have changed.
    model_changed: bool,
    /// Some content changed: pages outside every mentorship are rendered.
    content_changed: bool,
    /// Mentorship URLs by the first segment of their prefix; `None` with one mentorship.
    by_segment: Option<HashMap<String, usize>>,
    /// Per mentorship (as in the new log): every page, some pages, or none.
    scope: Vec<Scope>,
    /// The session and goal pages of each mentorship with `Scope::Some`.
    individual: HashSet<String>,
    /// The individual pages to render.
    changed_individual: HashSet<String>,
    /// Static files added, changed or removed.
    statics: HashSet<String>,
    fingerprints: HashMap<String, u64>,
    site_key: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Untouched,
    Some,
    Every,
}

impl Plan {
    fn new(preview: &Preview, log: &Log) -> Self {
        let site_key = site_key(&preview.config, log);
        let good = preview.good.as_ref();
        let mut plan = Self {
            all: preview.all_dirty || good.is_none_or(|g| g.site_key != site_key),
            model_changed: false,
            content_changed: !preview.dirty.is_empty(),
            by_segment: (log.mentorships.len() > 1).then(|| {
                log.mentorships
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.url.trim_matches('/').to_owned(), i))
                    .collect()
            }),
            scope: vec![Scope::Untouched; log.mentorships.len()],
            individual: HashSet::new(),
            changed_individual: HashSet::new(),
            statics: HashSet::new(),
            fingerprints: good.map(|g| g.fingerprints.clone()).unwrap_or_default(),
            site_key,
        };
        let dirty_sources: HashSet<&str> = preview
            .docs
            .iter()
            .filter(|d| preview.all_dirty || preview.dirty.contains(&d.dir))
            .map(|d| d.note.path.as_str())
            .collect();
        for m in &log.mentorships {
            if plan.all || dirty_sources.contains(m.source.as_str()) {
                plan.fingerprints.insert(m.source.clone(), fingerprint(m));
            }
        }
        plan.fingerprints
            .retain(|source, _| log.mentorships.iter().any(|m| &m.source == source));
        let Some(good) = good else {
            return plan;
        };
        if plan.all {
            return plan;
        }
        plan.statics = changed_statics(preview, good);
        if !plan.content_changed {
            return plan;
        }
        let old_by_source: HashMap<&str, &Mentorship> = good
            .log
            .mentorships
            .iter()
            .map(|m| (m.source.as_str(), m))
            .collect();
        for (i, m) in log.mentorships.iter().enumerate() {
            if !dirty_sources.contains(m.source.as_str()) {
                continue;
            }
            let old = old_by_source.get(m.source.as_str());
            let same_model = old.is_some()
                && good.fingerprints.get(&m.source) == plan.fingerprints.get(&m.source);
            match old {
                Some(old) if same_model && old.sessions.len() == m.sessions.len() => {
                    plan.scope[i] = Scope::Some;
                    for (s, o) in m.sessions.iter().zip(&old.sessions) {
                        let page = out_path(&s.url);
                        if s.body != o.body {
                            plan.changed_individual.insert(page.clone());
                        }
                        plan.individual.insert(page);
                    }
                    plan.individual
                        .extend(m.goals.iter().map(|g| out_path(&g.url)));
                }
                _ => {
                    plan.scope[i] = Scope::Every;
                    plan.model_changed = true;
                }
            }
        }
        // A note that appeared, went or moved changes the links that point to it, from any
        // mentorship.
        if log.note_urls != good.log.note_urls {
            plan.model_changed = true;
            let moved: HashSet<&PathBuf> = log
                .note_urls
                .iter()
                .filter(|(k, v)| good.log.note_urls.get(*k) != Some(v))
                .map(|(k, _)| k)
                .chain(
                    good.log
                        .note_urls
                        .keys()
                        .filter(|k| !log.note_urls.contains_key(*k)),
                )
                .collect();
            for doc in &preview.docs {
                let links_moved = std::iter::once((&doc.note.rel, &doc.note.links))
                    .chain(doc.sessions.iter().map(|s| (&s.rel, &s.links)))
                    .any(|(from, links)| {
                        links.iter().any(|l| match &l.target {
                            Target::Note { path, .. } => {
                                resolve_note_path(from, path).is_some_and(|p| moved.contains(&p))
                            }
                            Target::Goal(_) => false,
                        })
                    });
                if links_moved
                    && let Some(i) = log
                        .mentorships
                        .iter()
                        .position(|m| m.source == doc.note.path)
                {
                    plan.scope[i] = Scope::Every;
                }
            }
        }
        plan
    }

    /// Whether the page at `path` must be rendered.
    fn wants(&self, path: &str) -> bool {
        if self.all || self.statics.contains(path) {
            return true;
        }
        if path == "log.json" {
            return self.model_changed;
        }
        if !self.content_changed {
            return false;
        }
        let owner = match &self.by_segment {
            None => Some(0),
            Some(map) => path
                .split_once('/')
                .and_then(|(first, _)| map.get(first).copied()),
        };
        match owner.and_then(|i| self.scope.get(i)) {
            // Outside every mentorship: `/`, search, feed …: it may show anything.
            None => true,
            Some(Scope::Every) => true,
            Some(Scope::Untouched) => false,
            Some(Scope::Some) => {
                !self.individual.contains(path) || self.changed_individual.contains(path)
            }
        }
    }
}

/// Static files added, changed or removed since the last good site.
fn changed_statics(preview: &Preview, good: &Good) -> HashSet<String> {
    let mut out: HashSet<String> = good
        .statics
        .iter()
        .filter(|name| !preview.theme.statics.contains_key(*name))
        .cloned()
        .collect();
    for (name, bytes) in &preview.theme.statics {
        if preview.pages.get(name).is_none_or(|b| **b != **bytes) {
            out.insert(name.clone());
        }
    }
    out
}

/// `/sessions/x/` → `sessions/x/index.html`, as `render` names pages.
fn out_path(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// Feeds serialised JSON into a hasher without keeping it.
struct HashWriter<'a>(&'a mut std::hash::DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A mentorship's linked model but for session bodies (not serialised): everything its
/// pages can show but the notes' prose.
fn fingerprint(m: &Mentorship) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    if serde_json::to_writer(HashWriter(&mut hasher), m).is_err() {
        // Cannot happen for plain data; if it did, "changed" is the safe answer.
        return rand_like();
    }
    hasher.write(m.body.as_bytes());
    hasher.finish()
}

/// What every page shows of the site: the config and each mentorship's name and place.
fn site_key(config: &SiteConfig, log: &Log) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    let list: Vec<(&str, &str, &str, &str)> = log
        .mentorships
        .iter()
        .map(|m| {
            (
                m.source.as_str(),
                m.slug.as_str(),
                m.url.as_str(),
                m.front.title.as_str(),
            )
        })
        .collect();
    if serde_json::to_writer(HashWriter(&mut hasher), &(config, list)).is_err() {
        return rand_like();
    }
    hasher.finish()
}

/// A value no fingerprint is likely to equal.
fn rand_like() -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}
