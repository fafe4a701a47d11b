//! Rendering: the linked model of one audience → pages (path + bytes), with Tera 2.
//!
//! Owns the Tera environment and the two ways in: [`FullBuild`] (every file, its path
//! known before rendering, streamed to a sink) and `Subsets` (the files a `Select`
//! wants, by `PageId` and static file name, in memory, a selection at a time, for
//! `serve`; `render_subset` for one selection). Never
//! writes files. Template errors become diagnostics that name the template's file and
//! line. Everything it shows comes from the [`Log`] it is given — already restricted to
//! the build's audience — so nothing withheld can reach a page, the feed, the sitemap or
//! the search index.
//!
//! - `pages` has one file per page kind, each with its views; `PageId::render` picks it;
//! - `context` holds the views every page shares; `lookup` indexes a mentorship once, so
//!   that no page scans the log;
//! - `svg` draws the goal timeline; `html` fits a note's HTML into its page;
//! - `search` makes the search index; `theme` loads the templates and static files;
//!   `i18n` holds the theme's words.

mod context;
mod flat;
mod html;
pub mod i18n;
mod lookup;
mod native;
mod pages;
pub mod search;
mod svg;
pub mod theme;

pub(crate) use pages::PageId;
pub use pages::writes_sitemap;
/// Text escaped for HTML or XML content and attribute values (pages made without Tera).
pub(crate) use svg::esc as escape_html;

use crate::code::Code;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera};

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Loc, Sources};
use crate::history::Log;
use context::{LinkView, SiteView};
use lookup::Lookup;
use theme::Theme;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The path inside the output folder, `/`-separated (`sessions/kickoff/index.html`).
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderSettings {
    /// Whom the build is for (shown in the footer, used for markers).
    pub audience: crate::audience::Audience,
    /// Mark pages the public build would withhold (serve).
    pub mark_withheld: bool,
}

/// A compiled theme, ready to render many pages.
pub struct Renderer {
    tera: Tera,
    /// The templates as written, when `tera` holds them folded (`Translations::fold_calls`):
    /// for errors only.
    plain: Option<Tera>,
    origins: HashMap<String, String>,
    theme: Theme,
    /// The theme's words in the site's language.
    t: std::sync::Arc<i18n::Translations>,
    /// Whether every template is the built-in one (see [`Renderer::built_in_templates`]).
    built_in: bool,
    /// The words `t` says, for the templates written in Rust too.
    words: std::sync::Arc<i18n::Words>,
    /// The base path the `url` filter puts in front of a path.
    base: String,
    /// Whether the built-in templates written in Rust are used (see [`Renderer::native`]).
    native: native::Use,
}

impl Renderer {
    /// Compiles the theme's templates; errors name the template file and line.
    ///
    /// # Errors
    /// Template syntax errors, as diagnostics (with the template text kept in `sources`).
    pub fn new(
        theme: Theme,
        config: &SiteConfig,
        sources: &mut Sources,
    ) -> Result<Self, Vec<Diagnostic>> {
        let t = std::sync::Arc::new(i18n::Translations::load(&theme, &config.language)?);
        let mut origins = HashMap::new();
        let mut texts = Vec::new();
        for (name, file) in &theme.templates {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            sources.insert(file.origin.clone(), text.as_str().into());
            origins.insert(name.clone(), file.origin.clone());
            texts.push((name.clone(), text));
        }
        let words = std::sync::Arc::new(i18n::Words::new(std::sync::Arc::clone(&t)));
        let plain =
            tera_with(&texts, config, &words).map_err(|e| vec![template_error(&e, &origins)])?;
        // The same templates with the calls of `t` whose result never varies written out
        // (issue 17); what they render equals what `plain` does, which reports the errors.
        let folded: Vec<_> = texts
            .iter()
            .map(|(n, text)| {
                (
                    n.clone(),
                    t.fold_calls(text).unwrap_or_else(|| text.clone()),
                )
            })
            .collect();
        let (tera, plain) = if folded == texts {
            (plain, None)
        } else {
            let tera = tera_with(&folded, config, &words)
                .map_err(|e| vec![template_error(&e, &origins)])?;
            (tera, Some(plain))
        };
        let built_in = theme::templates_built_in(&theme.templates);
        Ok(Self {
            tera,
            plain,
            origins,
            built_in,
            native: if built_in {
                native::Use::get()
            } else {
                native::Use::Never
            },
            words,
            base: base_path(&config.base_url),
            theme,
            t,
        })
    }

    /// A page to write as the built-in templates would, when every template is the
    /// built-in one (the `native` module); `None` when Tera renders.
    pub(crate) fn native(&self, capacity: usize) -> Option<native::Html<'_>> {
        (self.native != native::Use::Never).then(|| {
            native::Html::new(
                &self.words,
                &self.base,
                capacity,
                self.native == native::Use::Faulty,
            )
        })
    }

    /// Whether every template is the built-in default's as shipped: a shortcut that
    /// relies on what the default templates do with a value (the print page written in
    /// pieces) is taken only then.
    pub(crate) fn built_in_templates(&self) -> bool {
        self.built_in
    }

    /// The diagnostic for a failed render: made by the templates as written when
    /// `self.tera` holds folded ones, so that its line and column are the author's.
    fn error(&self, e: &tera::Error, template: &str, ctx: &Context) -> Diagnostic {
        let plain = self
            .plain
            .as_ref()
            .and_then(|p| p.render(template, ctx).err());
        template_error(plain.as_ref().unwrap_or(e), &self.origins)
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| self.error(&e, template, ctx))
    }

    /// [`Renderer::render`] for a whole file: the same bytes, without checking again
    /// that what the templates wrote is UTF-8 (hundreds of megabytes at 10,000 notes).
    fn render_bytes(&self, template: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| self.error(&e, template, ctx))?;
        Ok(out)
    }
}

/// A Tera with our filters and functions and `templates`.
fn tera_with(
    templates: &[(String, String)],
    config: &SiteConfig,
    words: &std::sync::Arc<i18n::Words>,
) -> Result<Tera, tera::Error> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(escape_text);
    i18n::register(&mut tera, words);
    let base = base_path(&config.base_url);
    let prefix = base.clone();
    // Called for every link of every page: at the site's root, the path is the URL
    // and the string is shared, not copied.
    tera.register_filter(
        "url",
        move |v: &tera::Value, _: Kwargs, _: &State| match v.as_str() {
            Some(_) if prefix.is_empty() => Ok(v.clone()),
            Some(s) => Ok(tera::Value::from([prefix.as_str(), s].concat())),
            None => Err(tera::Error::message(format!(
                "the `url` filter takes a path, not `{v}`"
            ))),
        },
    );
    let origin = site_origin(&config.base_url);
    tera.register_filter("abs_url", move |s: &str, _: Kwargs, _: &State| {
        format!("{origin}{base}{s}")
    });
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
    Ok(tera)
}

/// Tera's HTML escaping, without control characters: notes and the config may not hold
/// any, but were one to get through (a Markdown entity `&#27;` decodes to one), a feed or
/// a sitemap holding it would not be well-formed XML. Text without one (nearly all) is
/// escaped as it is, after a scan of its bytes.
fn escape_text(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match without_controls(input) {
        None => tera::escape_html(input, out),
        Some(clean) => tera::escape_html(&clean, out),
    }
}

/// [`escape_text`] into a `String`, for the templates written in Rust (`native`): the
/// same escaper (Tera's `escape_html` is `pulldown-cmark-escape`'s) over the same text.
fn escape_text_into(out: &mut String, input: &str) {
    let _ = match without_controls(input) {
        None => pulldown_cmark_escape::escape_html(&mut *out, input),
        Some(clean) => pulldown_cmark_escape::escape_html(&mut *out, &clean),
    };
}

/// `input` without its control characters, when it holds one: `None` when it holds none
/// (nearly always). The blocks before the first that may hold one
/// ([`crate::content::load::first_suspect_block`]) are skipped at once; from there each
/// byte is tested exactly, so that text with a `·` or a no-break space (0xc2 too, but not
/// a control) is not copied for nothing.
fn without_controls(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let start = crate::content::load::first_suspect_block(bytes)?;
    let control = |i| crate::content::load::control_at(bytes, i);
    (start..bytes.len()).any(control).then(|| {
        input
            .chars()
            .filter(|&c| !crate::content::load::is_forbidden_control(c))
            .collect()
    })
}

/// The path part of the base URL, without a trailing slash: `""` or `/log`.
fn base_path(base_url: &str) -> String {
    let without_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.split_once('/').map_or("", |(_, p)| p)
    });
    let path = without_scheme.trim_matches('/');
    if path.is_empty() || base_url == "/" {
        String::new()
    } else {
        format!("/{path}")
    }
}

/// `https://example.org` of `https://example.org/log/`; empty when the base URL has no
/// host (absolute URLs then fall back to paths).
fn site_origin(base_url: &str) -> String {
    match base_url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or_default();
            format!("{scheme}://{host}")
        }
        None => String::new(),
    }
}

fn template_error(e: &tera::Error, origins: &HashMap<String, String>) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let origin = origins
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| r.filename().to_owned());
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(
                origin,
                Some(Loc::new(span.start_line.max(1), span.start_col + 1, len)),
                Code::Template,
                r.message().to_owned(),
            )
            .with_hint("fix the template, or remove your override to use the default theme's")
        }
        _ => Diagnostic::error("templates", None, Code::Template, e.to_string()),
    }
}

/// A full build: every file of the site, its output path known before anything is
/// rendered, so that `output` can prepare the whole tree; then [`FullBuild::render_each`]
/// hands each file to a sink as soon as it is rendered, so a build never holds the whole
/// site in memory. The one way in for a build; `render_subset` is the one for some
/// pages.
pub struct FullBuild<'a>(Plan<'a>);

impl<'a> FullBuild<'a> {
    /// Lists every file of `log`'s site for one audience.
    ///
    /// # Errors
    /// Two pages that would be written to the same path.
    pub fn plan(
        log: &'a Log,
        config: &'a SiteConfig,
        renderer: &'a Renderer,
        settings: &'a RenderSettings,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut plan = Plan::new(log, config, renderer, settings)?;
        plan.choose(&Select::ALL);
        plan.let_go = true;
        Ok(Self(plan))
    }

    /// Every output path of the site, pages first, then the theme's static files.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.paths()
    }

    /// How many files the site has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the site has no file at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Renders every file in parallel and hands each to `sink` (path, content) as soon as
    /// it is ready, in no particular order. Rendering goes on after an error, so that
    /// every template error is reported, but nothing more reaches `sink`.
    ///
    /// # Errors
    /// Every distinct template error met, and the first error of `sink`.
    pub fn render_each(&self, sink: &PageSink<'_>) -> Result<(), Vec<Diagnostic>> {
        self.0.render_each(sink)
    }
}

/// Which files [`render_subset`] renders: pages by what they are, the theme's static files
/// by name.
#[derive(Clone, Copy)]
pub(crate) struct Select<'s> {
    /// The pages wanted.
    pub pages: &'s (dyn Fn(PageId) -> bool + Sync),
    /// The static files wanted, by name (`style.css`).
    pub statics: &'s (dyn Fn(&str) -> bool + Sync),
}

impl Select<'_> {
    /// Every file.
    pub(crate) const ALL: Select<'static> = Select {
        pages: &|_| true,
        statics: &|_| true,
    };
}

/// Renders the files of `log`'s site that `select` wants, in memory, sorted by path.
///
/// # Errors
/// Every template error met, and two pages that would be written to the same path.
pub(crate) fn render_subset(
    log: &Log,
    config: &SiteConfig,
    renderer: &Renderer,
    settings: &RenderSettings,
    select: &Select<'_>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    Subsets::plan(log, config, renderer, settings)?.render(select)
}

/// Some files of one site, rendered in memory a selection at a time from one plan: what
/// `serve` needs after an edit (the pages open in browsers and the edited notes' pages,
/// then the rest the change touches). What the pages of a mentorship share is made when
/// one of them is first rendered, so that a selection of a few pages costs a few pages.
pub(crate) struct Subsets<'a>(Plan<'a>);

impl<'a> Subsets<'a> {
    /// Lists the files of `log`'s site.
    ///
    /// # Errors
    /// Two pages that would be written to the same path.
    pub(crate) fn plan(
        log: &'a Log,
        config: &'a SiteConfig,
        renderer: &'a Renderer,
        settings: &'a RenderSettings,
    ) -> Result<Self, Vec<Diagnostic>> {
        Plan::new(log, config, renderer, settings).map(Self)
    }

    /// The output path of every file of the site, selected or not: a file of an earlier
    /// render whose path is not here is no longer part of the site.
    pub(crate) fn site(&self) -> HashSet<&str> {
        let plan = &self.0;
        plan.paths
            .iter()
            .map(String::as_str)
            .chain(plan.statics.iter().map(|(name, _)| *name))
            .collect()
    }

    /// Renders the files `select` wants, sorted by path.
    ///
    /// # Errors
    /// Every template error met.
    pub(crate) fn render(&self, select: &Select<'_>) -> Result<Vec<Page>, Vec<Diagnostic>> {
        let (chosen, chosen_statics) = self.0.wanted(select);
        let pages = std::sync::Mutex::new(Vec::with_capacity(chosen.len() + chosen_statics.len()));
        self.0
            .render_these(&chosen, &chosen_statics, &|path, content| {
                let bytes = content.into_bytes();
                pages
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(Page {
                        path: path.to_owned(),
                        bytes,
                    });
                Ok(())
            })?;
        let mut pages = pages
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(pages)
    }
}

/// Receives each rendered file: its output path and its bytes.
pub(crate) type PageSink<'s> = dyn Fn(&str, Content<'_>) -> Result<(), Diagnostic> + Sync + 's;

/// Writes a file's content, once.
pub(crate) type WriteFn<'w> = dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync + 'w;

/// A rendered file's content.
pub enum Content<'c> {
    /// The bytes themselves.
    Bytes(Vec<u8>),
    /// A large file (`log.json`), written out piece by piece so that it is never held
    /// whole.
    Stream(&'c WriteFn<'c>),
}

impl Content<'_> {
    /// The whole content.
    ///
    /// # Panics
    /// Never: writing to memory does not fail, and our JSON always serialises.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Content::Bytes(bytes) => bytes,
            Content::Stream(write) => {
                let mut bytes = Vec::new();
                let _ = write(&mut bytes);
                bytes
            }
        }
    }
}

/// Where each file goes, known before anything is rendered, and which of them to render.
struct Plan<'a> {
    env: Env<'a>,
    renderer: &'a Renderer,
    /// Every page of the site (pages link to each other through it, e.g. the sitemap).
    all: Vec<PageId>,
    /// The output path of each of `all`.
    paths: Vec<String>,
    /// The pages asked for, as indices into `all`.
    chosen: Vec<usize>,
    /// The theme's static files the site has.
    statics: Vec<(&'a str, &'a [u8])>,
    /// Those asked for, as indices into `statics`.
    chosen_statics: Vec<usize>,
    /// Whether what a mentorship's pages share is let go once they are rendered (a build,
    /// which renders each page once), or kept for the next selection (the preview).
    let_go: bool,
}

impl<'a> Plan<'a> {
    /// Lists the files of `log`'s site, none of them chosen yet.
    ///
    /// # Errors
    /// Two pages that would be written to the same path.
    fn new(
        log: &'a Log,
        config: &'a SiteConfig,
        renderer: &'a Renderer,
        settings: &'a RenderSettings,
    ) -> Result<Self, Vec<Diagnostic>> {
        let all = PageId::all(log, config);
        let paths: Vec<String> = all.par_iter().map(|p| p.path(log)).collect();
        let errors = collisions(log, &all, &paths);
        if !errors.is_empty() {
            return Err(errors);
        }
        // The pages named like a static file (a few names, looked up for each path, rather
        // than every path hashed).
        let static_names: HashSet<&str> =
            renderer.theme.statics.keys().map(String::as_str).collect();
        let generated: HashSet<&str> = paths
            .iter()
            .map(String::as_str)
            .filter(|p| static_names.contains(p))
            .collect();
        let statics: Vec<(&str, &[u8])> = renderer
            .theme
            .statics
            .iter()
            // The search script goes with the search page; a generated page wins over a
            // static file of the same name.
            .filter(|(name, _)| {
                (config.search.enabled || *name != SEARCH_SCRIPT)
                    && !generated.contains(name.as_str())
            })
            .map(|(name, file)| (name.as_str(), file.bytes.as_slice()))
            .collect();
        Ok(Self {
            env: Env::new(log, config, settings, &renderer.t),
            renderer,
            all,
            paths,
            chosen: Vec::new(),
            statics,
            chosen_statics: Vec::new(),
            let_go: false,
        })
    }

    /// Chooses the files `select` wants (in place of those chosen before).
    fn choose(&mut self, select: &Select<'_>) {
        (self.chosen, self.chosen_statics) = self.wanted(select);
    }

    /// The files `select` wants: pages as indices into `all`, static files into `statics`.
    fn wanted(&self, select: &Select<'_>) -> (Vec<usize>, Vec<usize>) {
        let pages = (0..self.all.len())
            .filter(|&k| (select.pages)(self.all[k]))
            .collect();
        let statics = (0..self.statics.len())
            .filter(|&k| (select.statics)(self.statics[k].0))
            .collect();
        (pages, statics)
    }

    /// The output paths of the files asked for, pages first, then static files.
    fn paths(&self) -> impl Iterator<Item = &str> {
        self.chosen
            .iter()
            .map(|&k| self.paths[k].as_str())
            .chain(self.chosen_statics.iter().map(|&k| self.statics[k].0))
    }

    /// How many files are asked for.
    fn len(&self) -> usize {
        self.chosen.len() + self.chosen_statics.len()
    }

    /// Renders the files asked for in parallel and hands each to `sink` (see
    /// [`FullBuild::render_each`]).
    fn render_each(&self, sink: &PageSink<'_>) -> Result<(), Vec<Diagnostic>> {
        self.render_these(&self.chosen, &self.chosen_statics, sink)
    }

    /// [`Plan::render_each`] of the pages `chosen` and the static files `chosen_statics`
    /// (indices into `all` and `statics`).
    fn render_these(
        &self,
        chosen: &[usize],
        chosen_statics: &[usize],
        sink: &PageSink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        let errors = Errors::default();
        let give_content = |path: &str, content: Content<'_>| {
            if !errors.any()
                && let Err(d) = sink(path, content)
            {
                errors.add(d);
            }
        };
        let give = |path: &str, bytes: Vec<u8>| give_content(path, Content::Bytes(bytes));
        let chosen: Vec<(PageId, &str)> = chosen
            .iter()
            .map(|&k| (self.all[k], self.paths[k].as_str()))
            .collect();
        // Session pages of a mentorship whose print page is rendered come with it.
        let printed: HashSet<usize> = chosen
            .iter()
            .filter_map(|(page, _)| match page {
                PageId::Print(mi) => Some(*mi),
                _ => None,
            })
            .collect();
        let session_paths: HashMap<(usize, usize), &str> = chosen
            .iter()
            .filter_map(|&(page, path)| match page {
                PageId::Session(mi, i) => Some(((mi, i), path)),
                _ => None,
            })
            .collect();
        let sessions = pages::SessionPages {
            wanted: &|mi, i| session_paths.contains_key(&(mi, i)),
            give: &|mi, i, bytes| {
                if let Some(path) = session_paths.get(&(mi, i)) {
                    give(path, bytes);
                }
            },
        };
        let run = |&(page, path): &(PageId, &str)| {
            if let PageId::Session(mi, _) = page
                && printed.contains(&mi)
            {
                return;
            }
            if page.streams() {
                self.stream(page, path, &sessions, sink, &errors);
                return;
            }
            match page.render(&self.env, self.renderer, &self.all, &sessions) {
                Ok(bytes) => give(path, bytes),
                Err(d) => errors.add(d),
            }
        };
        self.run_all(&chosen, &run, &give);
        for &k in chosen_statics {
            let (path, bytes) = self.statics[k];
            give(path, bytes.to_vec());
        }
        errors.into_result()
    }

    /// Hands a page that [`PageId::streams`] to `sink` to be written piece by piece. A
    /// template error stops the writing and is reported, not the output's error that
    /// stopping makes; after an earlier error nothing reaches `sink`, but the page is
    /// still rendered (into nothing) so that every template error is found.
    fn stream(
        &self,
        page: PageId,
        path: &str,
        sessions: &pages::SessionPages<'_>,
        sink: &PageSink<'_>,
        errors: &Errors,
    ) {
        let failed = std::sync::Mutex::new(None);
        let write = |w: &mut dyn std::io::Write| {
            page.write_stream(&self.env, self.renderer, sessions, w)
                .map_err(|stop| match stop {
                    pages::Stop::Write(e) => e,
                    pages::Stop::Render(d) => {
                        *failed
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(d);
                        std::io::Error::other("a template failed")
                    }
                })
        };
        let written = if !errors.any() {
            sink(path, Content::Stream(&write)).err()
        } else {
            if page != PageId::LogJson {
                let _ = write(&mut std::io::sink());
            }
            None
        };
        let failed = failed
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(d) = failed.or(written) {
            errors.add(d);
        }
    }

    /// Runs `run` on every page of `chosen` and makes the search index's files, in
    /// parallel. The search index and `log.json` are the longest jobs: started first, they
    /// end with the pages instead of after them. The search index's files are made
    /// together, from one pass over the log. The pages go by mentorship: what a
    /// mentorship's pages share is made before them and freed once they are done (a build
    /// lets go of all of it, the preview of the template values only), so that a few
    /// mentorships' are held at a time, not every one's.
    fn run_all(
        &self,
        chosen: &[(PageId, &str)],
        run: &(dyn Fn(&(PageId, &str)) + Sync),
        give: &(dyn Fn(&str, Vec<u8>) + Sync),
    ) {
        let mut long = Vec::new();
        let mut search_files = Vec::new();
        let mut by_mentorship: Vec<Vec<&(PageId, &str)>> =
            vec![Vec::new(); self.env.parts.len() + 1];
        for entry in chosen {
            match entry.0 {
                PageId::LogJson => long.push(entry),
                PageId::SearchFile(file) => search_files.push((file, entry.1)),
                page => by_mentorship[page.mentorship().map_or(0, |mi| mi + 1)].push(entry),
            }
        }
        rayon::scope(|scope| {
            if !search_files.is_empty() {
                scope.spawn(|_| search::write(self.env.log, &self.env.base, &search_files, give));
            }
            for page in long {
                scope.spawn(|_| run(page));
            }
            by_mentorship
                .into_par_iter()
                .enumerate()
                .for_each(|(group, pages)| {
                    let Some(mi) = group.checked_sub(1).filter(|_| !pages.is_empty()) else {
                        pages.into_par_iter().for_each(run);
                        return;
                    };
                    // Made here, not by whichever of its pages comes first, which would
                    // leave the other thread waiting on it.
                    let parts = self.env.parts(mi);
                    pages.into_par_iter().for_each(run);
                    if self.let_go {
                        self.env.let_go(mi);
                    } else {
                        parts.lookup.release();
                    }
                });
        });
    }
}

/// The template errors of a render, each once, collected from every thread.
#[derive(Default)]
struct Errors {
    failed: std::sync::atomic::AtomicBool,
    list: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Errors {
    fn add(&self, d: Diagnostic) {
        self.failed
            .store(true, std::sync::atomic::Ordering::Relaxed);
        let mut list = self
            .list
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !list.contains(&d) {
            list.push(d);
        }
    }

    /// Whether an error was met (nothing more reaches the sink then).
    fn any(&self) -> bool {
        self.failed.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn into_result(self) -> Result<(), Vec<Diagnostic>> {
        let mut errors = self
            .list
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if errors.is_empty() {
            Ok(())
        } else {
            // Threads finish in any order; the report should not.
            crate::diagnostic::sort(&mut errors);
            Err(errors)
        }
    }
}

/// The search page's script, a static file of the theme.
const SEARCH_SCRIPT: &str = "search.js";

/// Two pages with one path. No folder or note name can make a mentorship's page take a
/// site-wide page's path (mentorships live at the root only when alone, else under
/// `m/`, which no site-wide page uses; see `history::link::MENTORSHIPS_DIR`), but two
/// notes whose names make the same slug can (`history::link` reports those first).
fn collisions(log: &Log, pages: &[PageId], paths: &[String]) -> Vec<Diagnostic> {
    let mut seen: ahash::AHashMap<&str, &PageId> = ahash::AHashMap::with_capacity(paths.len());
    let mut out = Vec::new();
    for (page, path) in pages.iter().zip(paths) {
        if let Some(other) = seen.insert(path, page) {
            let sources: Vec<String> = [other, page].iter().map(|j| j.source(log)).collect();
            out.push(
                Diagnostic::error(
                    sources[1].clone(),
                    None,
                    Code::DuplicatePage,
                    format!("two pages would be written to `{path}`"),
                )
                .with_hint(format!(
                    "rename this file or `{}`: their names make the same page",
                    sources[0]
                )),
            );
        }
    }
    out
}

/// What every job shares: the site, the indices, the base contexts.
struct Env<'a> {
    log: &'a Log,
    config: &'a SiteConfig,
    settings: &'a RenderSettings,
    site: SiteView,
    /// The base URL's path (`""` or `/log`).
    base: String,
    /// Per mentorship: what its pages share, made when a page first asks and, in a
    /// build, let go once its pages are rendered (see [`Env::parts`]).
    parts: Vec<Mutex<Option<Arc<Parts<'a>>>>>,
    /// `site` alone.
    site_ctx: Context,
    /// The navigation, rendered (`nav.html`) once per mentorship (`None`: the site's own
    /// pages), section and current item, and shared by the pages that show it.
    nav_html: std::sync::Mutex<HashMap<NavKey, tera::Value>>,
    /// The theme's words in the site's language.
    t: &'a i18n::Translations,
}

/// A rendered navigation's mentorship (`None`: the site's own pages), section and current
/// item.
type NavKey = (Option<usize>, String, String);

/// What the pages of one mentorship share.
struct Parts<'a> {
    /// Its indices.
    lookup: Lookup<'a>,
    /// `m`, with its navigation (`m.nav`).
    view: pages::MentorshipView<'a>,
    /// `site` and `m`.
    base: Context,
}

impl<'a> Parts<'a> {
    fn new(lookup: Lookup<'a>, view: pages::MentorshipView<'a>, site_ctx: &Context) -> Self {
        let mut base = site_ctx.clone();
        base.insert("m", &view);
        Self { lookup, view, base }
    }
}

/// One of a mentorship's [`Parts`], which it keeps alive while a page uses it.
struct Part<'a, T: ?Sized> {
    parts: Arc<Parts<'a>>,
    pick: for<'p> fn(&'p Parts<'a>) -> &'p T,
}

impl<'a, T: ?Sized> Part<'a, T> {
    fn new(parts: Arc<Parts<'a>>, pick: for<'p> fn(&'p Parts<'a>) -> &'p T) -> Self {
        Self { parts, pick }
    }
}

impl<T: ?Sized> std::ops::Deref for Part<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        (self.pick)(&self.parts)
    }
}

impl<'a> Env<'a> {
    /// What the pages of mentorship `mi` share, made now if no page asked since it was
    /// last let go. Only the mentorships whose pages are rendered have them: the preview,
    /// which renders the pages of one mentorship or two after an edit, makes only theirs;
    /// a build makes each mentorship's before its pages and lets them go after
    /// ([`Env::let_go`]), so that a few mentorships' are held at a time, not every one's.
    fn parts(&self, mi: usize) -> Arc<Parts<'a>> {
        let mut slot = self.parts[mi]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(slot.get_or_insert_with(|| {
            let lookup = Lookup::new(&self.log.mentorships[mi]);
            let view = pages::mentorship_view(&lookup, self.config);
            Arc::new(Parts::new(lookup, view, &self.site_ctx))
        }))
    }

    /// Lets go of what the pages of mentorship `mi` share (made again if asked for).
    fn let_go(&self, mi: usize) {
        let parts = self.parts[mi]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        drop(parts);
    }

    /// Mentorship `mi`'s indices.
    fn lookup(&self, mi: usize) -> Part<'a, Lookup<'a>> {
        Part::new(self.parts(mi), |p| &p.lookup)
    }

    /// Mentorship `mi`'s `m`.
    fn view(&self, mi: usize) -> Part<'a, pages::MentorshipView<'a>> {
        Part::new(self.parts(mi), |p| &p.view)
    }

    /// `site` and mentorship `mi`'s `m`: the start of each of its pages' contexts.
    fn base(&self, mi: usize) -> Part<'a, Context> {
        Part::new(self.parts(mi), |p| &p.base)
    }

    /// Adds `nav_html` to a page's context: the navigation rendered by `nav.html` with
    /// `site`, `m`, `nav`, `section` (the page's) and `current` (the page's URL when it
    /// is one of `nav`'s, else empty). Rendered once per mentorship, section and current
    /// item: it is the same on every session or goal page of a mentorship.
    fn add_nav(
        &self,
        renderer: &Renderer,
        mi: Option<usize>,
        ctx: &mut Context,
    ) -> Result<(), Diagnostic> {
        let fact = |name: &'static str| {
            ctx.get("page")
                .and_then(tera::Value::as_map)
                .and_then(|page| page.get(&tera::value::Key::Str(name)))
                .and_then(tera::Value::as_str)
                .unwrap_or_default()
        };
        let html = self.nav_html(renderer, mi, fact("section"), fact("url"))?;
        ctx.insert("nav_html", &html);
        Ok(())
    }

    /// The navigation `nav_html` holds on a page of `section` at `url` (see
    /// [`Env::add_nav`]).
    fn nav_html(
        &self,
        renderer: &Renderer,
        mi: Option<usize>,
        section: &str,
        url: &str,
    ) -> Result<tera::Value, Diagnostic> {
        let view = mi.map(|mi| self.view(mi));
        let nav = view.as_ref().map_or(&self.site.nav, |v| &v.nav);
        let current = if nav.iter().any(|item| item.url == url) {
            url
        } else {
            ""
        };
        let key = (mi, section.to_owned(), current.to_owned());
        let lock = || {
            self.nav_html
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let cached = lock().get(&key).cloned();
        let html = match cached {
            Some(html) => html,
            None => {
                let mut nav_ctx =
                    mi.map_or_else(|| self.site_ctx.clone(), |mi| self.base(mi).clone());
                nav_ctx.insert("nav", nav);
                nav_ctx.insert("section", &key.1);
                nav_ctx.insert("current", &key.2);
                let html = tera::Value::from(renderer.render("nav.html", &nav_ctx)?);
                lock().entry(key).or_insert(html).clone()
            }
        };
        Ok(html)
    }

    fn new(
        log: &'a Log,
        config: &'a SiteConfig,
        settings: &'a RenderSettings,
        t: &'a i18n::Translations,
    ) -> Self {
        // A site of one mentorship has its navigation: its parts are made now.
        let only = match log.mentorships.as_slice() {
            [only] => {
                let lookup = Lookup::new(only);
                let view = pages::mentorship_view(&lookup, config);
                Some((lookup, view))
            }
            _ => None,
        };
        let nav = match &only {
            Some((_, view)) => view.nav.clone(),
            None => {
                let mut nav = vec![context::NavItem {
                    key: "index",
                    title: "All mentorships",
                    url: "/".to_owned(),
                }];
                if config.search.enabled {
                    nav.push(context::NavItem {
                        key: "search",
                        title: "Search",
                        url: "/search/".to_owned(),
                    });
                }
                nav
            }
        };
        let site = SiteView {
            title: config
                .title
                .clone()
                .unwrap_or_else(|| match log.mentorships.as_slice() {
                    [only] => only.front.title.clone(),
                    _ => "Mentoring log".to_owned(),
                }),
            base_url: config.base_url.clone(),
            language: config.language.clone(),
            audience: settings.audience.as_str(),
            mentorships: log
                .mentorships
                .iter()
                .map(|m| LinkView {
                    title: m.front.title.clone(),
                    url: m.url.clone(),
                })
                .collect(),
            several: log.mentorships.len() > 1,
            search: config.search.enabled,
            nav,
            extra: config.extra.clone(),
            generator: format!("mentorlog {}", env!("CARGO_PKG_VERSION")),
            mark_withheld: settings.mark_withheld,
            team: config.team.published,
        };
        let mut site_ctx = Context::new();
        site_ctx.insert("site", &site);
        Self {
            log,
            config,
            settings,
            site,
            base: base_path(&config.base_url),
            parts: match only {
                Some((lookup, view)) => {
                    vec![Mutex::new(Some(Arc::new(Parts::new(
                        lookup, view, &site_ctx,
                    ))))]
                }
                None => log.mentorships.iter().map(|_| Mutex::default()).collect(),
            },
            site_ctx,
            nav_html: std::sync::Mutex::default(),
            t,
        }
    }
}

/// `/sessions/x/` → `sessions/x/index.html`: where a page URL is written.
pub(crate) fn out_path(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".to_owned()
    } else {
        // Exact (`concat`, not `format!`): the plan holds one for every page.
        [trimmed, "/index.html"].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_for_control_characters_misses_none() {
        let suspect = |b: &[u8]| crate::content::load::first_suspect_block(b).is_some();
        let slow = |b: &[u8]| {
            b.iter().any(|&b| {
                (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2
            })
        };
        // Every byte value at every position of inputs of 1 to 19 bytes, among others.
        for len in 1..20 {
            for pos in 0..len {
                for v in 0..=255u8 {
                    for fill in [b'a', b'\n', 0xc3, 0x21, 0x80] {
                        let mut b = vec![fill; len];
                        b[pos] = v;
                        assert_eq!(suspect(&b), slow(&b), "{b:?}");
                    }
                }
            }
        }
        // Around the edges of the blocks of 64 bytes it tests at once.
        for len in [63, 64, 65, 127, 128, 130, 200] {
            for pos in [0, 1, 62, 63, 64, 65, 127, 128, 129, len - 1] {
                for v in [0x01, 0x09, 0x0a, 0x1f, 0x20, 0x7f, 0xc2, 0xc3] {
                    let mut b = vec![b'a'; len];
                    if pos < len {
                        b[pos] = v;
                    }
                    assert_eq!(suspect(&b), slow(&b), "{len} {pos} {v}");
                }
            }
        }
    }

    /// `without_controls` answers `None` exactly when the plain filter would keep the
    /// text as it is, and the filtered text otherwise: random texts of the characters
    /// around the test's edges (C0 and C1 controls, tab and newlines, `·`, no-break space,
    /// U+00FF, U+0100, letters), at every length around the 64-byte blocks.
    #[test]
    fn dropping_control_characters_agrees_with_the_plain_filter() {
        const CHARS: [char; 14] = [
            'a', ' ', '\t', '\n', '\r', '\u{1}', '\u{1b}', '\u{7f}', '\u{80}', '\u{85}', '\u{9f}',
            '\u{a0}', '\u{b7}', '\u{100}',
        ];
        let mut rng = crate::test_rng::Rng(17);
        let mut copied = 0;
        for case in 0..20_000 {
            let len = rng.below(140);
            // Most texts have no control at all, as on real pages.
            let clean = case % 2 == 0;
            let text: String = (0..len)
                .map(|_| {
                    loop {
                        let c = CHARS[rng.below(CHARS.len())];
                        if !clean || !crate::content::load::is_forbidden_control(c) {
                            break c;
                        }
                    }
                })
                .collect();
            let plain: String = text
                .chars()
                .filter(|&c| !crate::content::load::is_forbidden_control(c))
                .collect();
            match without_controls(&text) {
                None => assert_eq!(plain, text, "{text:?}"),
                Some(filtered) => {
                    assert_ne!(plain, text, "copied for nothing: {text:?}");
                    assert_eq!(filtered, plain, "{text:?}");
                    copied += 1;
                }
            }
        }
        assert!(copied > 1_000, "too few texts with a control: {copied}");
    }

    #[test]
    fn escaping_drops_control_characters() {
        let escape = |s: &str| {
            let mut out = Vec::new();
            escape_text(s, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(escape("a\u{1b}[2J<b>\u{85}\u{7f}"), "a[2J&lt;b&gt;");
        assert_eq!(escape("£ \u{a0}é\tx"), "£ \u{a0}é\tx");
    }

    /// Tera's `fast` escaper (pulldown-cmark's) writes the five entities Tera's own
    /// escaper writes: `'` is escaped too, so a value stays safe in an attribute quoted
    /// either way.
    #[test]
    fn autoescape_writes_the_five_entities() {
        let mut out = Vec::new();
        tera::escape_html("<a href=\"x\" title='y'>Tom & Jerry</a>", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
    }

    /// No site-wide file lives where a mentorship of a site with several does: `m/`.
    #[test]
    fn site_wide_files_keep_out_of_the_mentorships_folder() {
        let log = Log::default();
        let site_wide = [
            PageId::SiteIndex,
            PageId::NotFound,
            PageId::Search,
            PageId::SearchFile(search::File::Manifest),
            PageId::SearchFile(search::File::Terms(0)),
            PageId::SearchFile(search::File::Docs(0)),
            PageId::Feed,
            PageId::Sitemap,
            PageId::LogJson,
        ];
        let theme = theme::builtin();
        let paths = site_wide
            .iter()
            .map(|j| j.path(&log))
            .chain(theme.statics.keys().cloned());
        for path in paths {
            assert_eq!(
                crate::history::link::mentorship_prefix_of(&path),
                None,
                "{path}"
            );
            assert!(!path.starts_with("m/"), "{path}");
        }
    }

    #[test]
    fn base_paths_and_origins() {
        assert_eq!(base_path("/"), "");
        assert_eq!(base_path("https://example.org/"), "");
        assert_eq!(base_path("https://example.org/log/"), "/log");
        assert_eq!(base_path("/log/"), "/log");
        assert_eq!(
            site_origin("https://example.org/log/"),
            "https://example.org"
        );
        assert_eq!(site_origin("/log/"), "");
    }
}
