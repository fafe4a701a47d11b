//! The preview's incremental rebuilds: the cheapest rebuild that is still exactly right.
//!
//! [`Preview`] keeps an [`analysis::Host`] — every note's parse, each mentorship's linked
//! history, the compiled theme, each derived value recomputed only when what it was
//! derived from changed — and the pages it served last. A burst of file changes goes to
//! the host; the host's `Selection` says which pages that touches; only those are
//! rendered (with `render::render_some`), and swapped into the site in memory.
//!
//! - Pages open in a browser are rendered first and can be published at once, before the
//!   selection of the other pages is made; the rest follows in the same rebuild. A rebuild
//!   with errors leaves the last good site as it was (undoing its first step if the second
//!   fails).
//!
//! **Invariant:** after any sequence of `Preview::apply`, `Preview::pages` is
//! byte-identical to [`clean_render`] of the same files; `tests/cli/serve/property.rs`
//! holds it with random edits.
//!
//! It never writes a file.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::analysis::selection::{Baseline, Selection};
use crate::analysis::{self, Change, Host};
use crate::audience::Audience;
use crate::diagnostic::{self, Diagnostic, Sources, display_path};
use crate::render::{self, Page, PageId, RenderSettings};

use super::change::Changes;
use super::site::Pages;

/// The base URL the preview renders with: pages link to `/…` on whatever host serves them.
pub(crate) const BASE_URL: &str = "/";

/// How the preview renders: everything (audience `all`), with pages the public build
/// would withhold marked.
#[must_use]
pub(crate) fn settings() -> RenderSettings {
    RenderSettings {
        audience: Audience::All,
        mark_withheld: true,
    }
}

fn options() -> analysis::Options {
    analysis::Options {
        base_url: Some(BASE_URL.to_owned()),
        once: false,
        history: true,
        fault: None,
    }
}

/// A clean, from-scratch render of the site at `root` with the preview's settings: what
/// the preview must equal. The pages by path, or the problems that stop the build. The
/// history is restricted and linked again as a whole (`history::link`), not incrementally.
///
/// # Errors
/// Every error found, when there is one.
pub fn clean_render(
    root: &Path,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut host = Host::load(root, options());
    let renderer_ok = host.renderer().is_some();
    if host.has_errors() || !renderer_ok {
        return Err(host.errors());
    }
    let (log, _) = host.restricted(Audience::All);
    let Some(renderer) = host.compiled().and_then(|t| t.renderer.as_ref()) else {
        return Err(host.errors());
    };
    match render::render_subset(
        &log,
        host.config(),
        renderer,
        &settings(),
        &render::Select::ALL,
    ) {
        Ok(pages) => Ok(pages.into_iter().map(|p| (p.path, p.bytes)).collect()),
        Err(d) => Err(errors_of(d)),
    }
}

/// Every problem a fresh host finds in the site at `root` (content and theme, warnings with
/// their places), sorted: what [`Preview::diagnostics`] must equal after any sequence of
/// changes.
#[must_use]
pub fn clean_diagnostics(root: &Path) -> Vec<Diagnostic> {
    let mut host = Host::load(root, options());
    host.renderer();
    host.diagnostics()
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
    /// How long each stage took, in order (for `--verbose`).
    pub stages: Vec<(&'static str, Duration)>,
}

impl Outcome {
    /// A rebuild that has not succeeded (yet), of a site of `total` pages.
    fn failed(total: usize) -> Self {
        Self {
            ok: false,
            full: false,
            what: String::new(),
            rendered: 0,
            changed: 0,
            total,
            elapsed: Duration::ZERO,
            diagnostics: Vec::new(),
            stages: Vec::new(),
        }
    }
}

/// Times the stages of a rebuild.
struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Self {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// The preview's state: a site kept up to date, change by change.
pub struct Preview {
    host: Host,
    /// What the served pages were rendered from; `None` until a build succeeds.
    baseline: Option<Baseline>,
    /// Template errors met while rendering, in the last rebuild.
    render_errors: Vec<Diagnostic>,
    served: Served,
    errors: Vec<Diagnostic>,
}

impl Preview {
    /// Reads, checks and renders the site at `root` from scratch.
    #[must_use]
    pub fn open(root: &Path) -> (Self, Outcome) {
        Self::open_with(root, options())
    }

    /// [`Preview::open`] with a shortcut broken on purpose: what the property test must
    /// catch.
    #[doc(hidden)]
    #[must_use]
    pub fn open_faulty(root: &Path, fault: analysis::Fault) -> (Self, Outcome) {
        Self::open_with(
            root,
            analysis::Options {
                fault: Some(fault),
                ..options()
            },
        )
    }

    fn open_with(root: &Path, options: analysis::Options) -> (Self, Outcome) {
        let mut preview = Self {
            host: Host::new(root, options),
            baseline: None,
            render_errors: Vec::new(),
            served: Served::default(),
            errors: Vec::new(),
        };
        let outcome = preview.apply(&Changes::everything());
        (preview, outcome)
    }

    /// The site's folder.
    #[must_use]
    pub(crate) fn root(&self) -> &Path {
        self.host.root()
    }

    /// The theme in use (a folder name under `themes/`).
    #[must_use]
    pub fn theme_name(&self) -> &str {
        &self.host.config().theme
    }

    /// The last good site's pages, with the generation in which each last changed (open
    /// pages reload when theirs moves on); empty until a build succeeds.
    #[must_use]
    pub fn pages(&self) -> &Pages {
        &self.served.pages
    }

    /// Counts the successful rebuilds that changed the site.
    #[must_use]
    pub(crate) fn generation(&self) -> u64 {
        self.served.generation
    }

    /// Whether a good site exists.
    #[must_use]
    pub(crate) fn has_site(&self) -> bool {
        self.baseline.is_some()
    }

    /// The errors of the last rebuild; empty when it succeeded.
    #[must_use]
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// Every current problem of the content and theme (warnings with their places),
    /// sorted: what the property test compares with [`clean_diagnostics`].
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.host.diagnostics()
    }

    /// The text of every file read, for showing source lines under messages.
    #[must_use]
    pub(crate) fn sources(&self) -> Sources {
        self.host.sources()
    }

    /// Drops from `changes` the paths in `content/` that are no folder with notes (a
    /// removed image, an empty folder): they change nothing.
    pub(crate) fn prune(&self, changes: &mut Changes) {
        let content = self.root().join("content");
        changes
            .content_other
            .retain(|p| content.join(p).is_dir() || self.host.holds_notes(p));
    }

    /// Brings the site up to date with `changes` (paths that changed on disk).
    pub(crate) fn apply(&mut self, changes: &Changes) -> Outcome {
        self.apply_with(changes, &HashSet::new(), &mut |_| {})
    }

    /// `Preview::apply` in two steps: the pages open in browsers (`open`, by path) are
    /// rendered first and handed to `early` (when a good site existed and one of them
    /// changed), then every other page the change affects. The site is whole again when
    /// this returns; if the second step fails, the first one is undone.
    pub fn apply_with(
        &mut self,
        changes: &Changes,
        open: &HashSet<String>,
        early: &mut dyn FnMut(&Preview),
    ) -> Outcome {
        let start = Instant::now();
        let mut watch = Stopwatch::new();
        let root = self.root().to_path_buf();
        let folder_changed = changes
            .content_other
            .iter()
            .any(|p| root.join("content").join(p).is_dir() || self.host.holds_notes(p));
        let rescan = changes.rescan || folder_changed;
        // The notes whose warnings are worth repeating: those just edited.
        let touched: BTreeSet<String> = if changes.config || rescan {
            BTreeSet::new()
        } else {
            changes
                .notes
                .iter()
                .map(|rel| display_path(&root, &root.join("content").join(rel)))
                .collect()
        };
        self.host.apply(&Change {
            config: changes.config,
            theme: changes.templates || changes.statics,
            rescan,
            notes: changes.notes.clone(),
        });
        watch.lap("read, parse, link, lint");
        let full_report = changes.config || changes.rescan || self.baseline.is_none();
        let edited = if changes.config || rescan {
            HashSet::new()
        } else {
            edited_pages(self.host.log(), &changes.notes)
        };
        let mut outcome = self.render_pass(&mut watch, open, &edited, early);
        outcome.what = changes.describe();
        outcome.diagnostics = if full_report {
            self.current_diagnostics()
        } else {
            self.current_diagnostics()
                .into_iter()
                .filter(|d| d.is_error() || touched.contains(&d.path))
                .collect()
        };
        watch.lap("diagnostics");
        outcome.stages = watch.stages;
        outcome.elapsed = start.elapsed();
        outcome
    }

    /// Every current problem, sorted.
    fn current_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.host.diagnostics();
        all.extend(self.render_errors.iter().cloned());
        diagnostic::sort(&mut all);
        all.dedup();
        all
    }

    /// Renders the pages open in browsers and the pages of the notes just edited
    /// (`edited`) and swaps them in, then decides which other pages the change touches,
    /// renders those and swaps them in.
    // Long on purpose: the two steps (open pages, then the rest) share the undo list of
    // the first.
    fn render_pass(
        &mut self,
        watch: &mut Stopwatch,
        open: &HashSet<String>,
        edited: &HashSet<PageId>,
        early: &mut dyn FnMut(&Preview),
    ) -> Outcome {
        let mut outcome = Outcome::failed(self.served.pages.len());
        self.render_errors.clear();
        let compiled = self.host.renderer().is_some();
        let errors = self.host.errors();
        if !compiled || !errors.is_empty() {
            self.errors = errors;
            return outcome;
        }
        // What open pages are told when the first step is published: no error (unless
        // rendering finds one).
        self.errors.clear();
        // For audience `all`, and a history without errors, `restrict` keeps every note
        // and every reference: the history linked for diagnostics is the one to render
        // (`clean_render` links it again; the property test holds the two equal).
        //
        // First the pages open in browsers, whether the change touched them or not (one
        // that did not renders to the same bytes and is not swapped in): they reload
        // before the selection of the others is even made. With them, the pages of the
        // notes just edited: the page an author (or a script) looks at next, open or not,
        // is served as soon as it is ready. Then what the selection wants of the rest.
        let log = self.host.log();
        let is_open =
            |p: PageId| edited.contains(&p) || (!open.is_empty() && open.contains(&p.path(log)));
        let had_site = self.baseline.is_some();
        let mut undo: Vec<(String, Option<Arc<[u8]>>)> = Vec::new();
        let mut plan: Option<Selection> = None;
        let Some(renderer) = self.host.compiled().and_then(|t| t.renderer.as_ref()) else {
            return outcome;
        };
        // One list of the site's files for both steps; what a mentorship's pages share is
        // made when the first of them is rendered.
        let settings = settings();
        let subsets = match render::Subsets::plan(log, self.host.config(), renderer, &settings) {
            Ok(subsets) => subsets,
            Err(mut e) => {
                diagnostic::sort(&mut e);
                self.render_errors.clone_from(&e);
                self.errors = e;
                return outcome;
            }
        };
        // Every path of the site, made when first asked: a first step with no page open
        // in a browser hands its pages over without it.
        let site = std::cell::OnceCell::new();
        let in_site = |path: &str| site.get_or_init(|| subsets.site()).contains(path);
        for step in 0..2 {
            if step == 1 {
                let pages = &self.served.pages;
                plan = Some(Selection::new(&self.host, self.baseline.as_ref(), &|p| {
                    pages.get(p).map(|e| e.bytes.clone())
                }));
                watch.lap("plan");
            } else if open.is_empty() && edited.is_empty() {
                continue;
            }
            let rest = plan.as_ref();
            let wanted = |p: PageId| match rest {
                None => is_open(p),
                Some(plan) => plan.wants(p) && !is_open(p),
            };
            let wanted_static = |name: &str| match rest {
                None => open.contains(name),
                Some(plan) => plan.wants_static(name) && !open.contains(name),
            };
            let select = render::Select {
                pages: &wanted,
                statics: &wanted_static,
            };
            let rendered = subsets.render(&select);
            watch.lap(if step == 0 {
                "render open pages"
            } else {
                "render"
            });
            let new_pages = match rendered {
                Ok(pages) => pages,
                Err(mut e) => {
                    self.served.undo(undo);
                    diagnostic::sort(&mut e);
                    self.render_errors.clone_from(&e);
                    self.errors = e;
                    return outcome;
                }
            };
            outcome.rendered += new_pages.len();
            // Pages of the last site that this one no longer has (those open first).
            let gone = |path: &str| (step == 1 || open.contains(path)) && !in_site(path);
            let changed = self.served.swap_in(new_pages, &gone);
            outcome.changed += changed.len();
            if step == 0 {
                undo = changed;
                if had_site && !undo.is_empty() {
                    early(self);
                    watch.lap("publish open pages");
                }
            }
        }
        // They borrow the host, which settles below.
        drop(site);
        drop(subsets);
        let Some(plan) = plan else {
            return outcome;
        };
        if self.baseline.is_none() {
            // The first good site: every page is new.
            self.served.generation += 1;
        }
        outcome.ok = true;
        outcome.full = plan.is_everything();
        outcome.total = self.served.pages.len();
        self.baseline = Some(plan.into_baseline(&self.host));
        self.host.settle();
        watch.lap("swap");
        outcome
    }
}

/// The pages of the notes in `notes` (relative to `content/`) that `log` has: each
/// session's own page.
fn edited_pages(log: &crate::history::Log, notes: &BTreeSet<PathBuf>) -> HashSet<PageId> {
    if notes.is_empty() {
        return HashSet::new();
    }
    let sources: HashSet<PathBuf> = notes.iter().map(|n| Path::new("content").join(n)).collect();
    let mut pages = HashSet::new();
    for (mi, m) in log.mentorships.iter().enumerate() {
        for (i, s) in m.sessions.iter().enumerate() {
            if sources.contains(Path::new(&s.source)) {
                pages.insert(PageId::Session(mi, i));
            }
        }
    }
    pages
}

/// The site as served, and its generation.
#[derive(Default)]
struct Served {
    pages: Pages,
    /// Counts the successful rebuilds that changed the site.
    generation: u64,
}

impl Served {
    /// Puts `new_pages` in place of the site's, and takes away the pages `gone` names.
    /// Returns what each changed page was before (`None`: it is new), to undo it.
    fn swap_in(
        &mut self,
        new_pages: Vec<Page>,
        gone: &dyn Fn(&str) -> bool,
    ) -> Vec<(String, Option<Arc<[u8]>>)> {
        let gone: Vec<String> = self
            .pages
            .iter()
            .map(|(path, _)| path)
            .filter(|path| gone(path))
            .cloned()
            .collect();
        let fresh: Vec<Page> = new_pages
            .into_iter()
            .filter(|p| {
                self.pages
                    .get(&p.path)
                    .is_none_or(|old| *old.bytes != *p.bytes)
            })
            .collect();
        let mut changed = Vec::new();
        if !gone.is_empty() || !fresh.is_empty() {
            self.generation += 1;
        }
        for path in gone {
            let old = self.pages.remove(&path, self.generation);
            changed.push((path, old));
        }
        for Page { path, bytes } in fresh {
            let old = self
                .pages
                .insert(path.clone(), bytes.into(), self.generation);
            changed.push((path, old));
        }
        changed
    }

    /// Back to the last good site, whole: the pages `swap_in` changed as they were.
    fn undo(&mut self, undo: Vec<(String, Option<Arc<[u8]>>)>) {
        if !undo.is_empty() {
            self.generation += 1;
        }
        for (path, old) in undo {
            match old {
                Some(bytes) => self.pages.insert(path, bytes, self.generation),
                None => self.pages.remove(&path, self.generation),
            };
        }
    }
}
