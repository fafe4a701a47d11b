//! mentorlog turns a folder of mentoring session notes into a linked history site.
//!
//! The pipeline, one module a stage:
//! `content` (read notes, parse front matter and Markdown) → `history` (link sessions,
//! goals, recurring items, backlog, people) → `audience` (keep what a build may publish)
//! → `render` (Tera pages) → `output` (temp folder, atomic swap). `check` stops after
//! `history`; `build` runs it all. Diagnostics flow back from every stage.

pub mod audience;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod export;
pub mod history;
pub mod lints;
pub mod output;
pub mod render;
pub mod serve;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use audience::{Audience, Withheld};
use config::SiteConfig;
use content::MentorshipDoc;
use diagnostic::{Diagnostic, Sources};
use history::Log;

/// Everything `check` learns about a site.
pub struct Checked {
    /// The site's settings.
    pub config: SiteConfig,
    /// Every mentorship that parsed.
    pub docs: Vec<MentorshipDoc>,
    /// The history of everything (audience `all`).
    pub log: Log,
    /// Every problem found, sorted by file and place.
    pub diagnostics: Vec<Diagnostic>,
    /// File texts, for showing source lines.
    pub sources: Sources,
}

impl Checked {
    /// Whether any problem is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, parses and links the site at `root`, collecting every problem.
#[must_use]
pub fn check(root: &Path) -> Checked {
    let mut sources = Sources::default();
    let (config, mut diagnostics) = config::load(root, &mut sources);
    let (docs, content_diagnostics, content_sources) = content::read(root);
    diagnostics.extend(content_diagnostics);
    let (log, link_diagnostics) = history::link(&docs);
    diagnostics.extend(link_diagnostics);
    // Guidance only makes sense on a history that is whole: with errors, a missing note
    // would make its neighbours look wrong.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(lints::lint(&docs, &log));
    }
    // Diagnostics know their places: no note keeps a span map for the rest of the build.
    for doc in &docs {
        doc.note.forget_spans();
        doc.sessions.iter().for_each(content::Note::forget_spans);
    }
    diagnostic::sort(&mut diagnostics);
    let mut all_sources = content_sources;
    for (path, text) in sources_entries(&sources) {
        all_sources.insert(path, text);
    }
    Checked {
        config,
        docs,
        log,
        diagnostics,
        sources: all_sources,
    }
}

fn sources_entries(sources: &Sources) -> Vec<(String, std::sync::Arc<str>)> {
    sources.entries()
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The output folder; the config's `output_dir` under the root when `None`.
    pub output: Option<PathBuf>,
    /// The audience; the config's `default_audience` when `None`.
    pub audience: Option<Audience>,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Replace a non-empty output folder mentorlog did not create.
    pub force: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// File texts, for showing source lines.
    pub sources: Sources,
    /// Whether the site was written.
    pub written: bool,
    /// Pages and files written.
    pub pages: usize,
    /// Sessions withheld from this audience.
    pub withheld: Withheld,
    /// The audience built for.
    pub audience: Audience,
    /// The base URL the site was built for (`--base-url`, else the config's).
    pub base_url: String,
    /// Where it went.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
    /// How long each stage took, in order (for `--verbose`).
    pub stages: Vec<(&'static str, Duration)>,
}

/// The history `audience` may see, linked again from only the notes it may see.
#[must_use]
pub fn log_for(checked: &Checked, audience: Audience) -> Log {
    let (visible, _) = audience::restrict(&checked.docs, audience);
    history::link(&visible).0
}

/// Renders the site at `root` for one audience without writing it: the pages, or the
/// problems that stop the build.
#[must_use]
pub fn render_pages(
    checked: &mut Checked,
    root: &Path,
    audience: Audience,
    settings: &render::RenderSettings,
) -> (Option<Vec<render::Page>>, Withheld) {
    let (visible, withheld) = audience::restrict(&checked.docs, audience);
    // Linking again from only what this audience may see: nothing withheld can leak into
    // derived data. Reference errors were reported by `check` on everything.
    let (log, _) = history::link(&visible);
    let Some(renderer) = renderer(checked, root) else {
        return (None, withheld);
    };
    let all = render::Select::ALL;
    match render::render_subset(&log, &checked.config, &renderer, settings, &all) {
        Ok(subset) => (Some(subset.pages), withheld),
        Err(d) => {
            checked.diagnostics.extend(d);
            (None, withheld)
        }
    }
}

/// The site's theme, compiled; `None` when it has errors (added to `checked`).
fn renderer(checked: &mut Checked, root: &Path) -> Option<render::Renderer> {
    let (theme, theme_diagnostics) = render::theme::load(root, &checked.config.theme);
    let theme_failed = theme_diagnostics.iter().any(Diagnostic::is_error);
    checked.diagnostics.extend(theme_diagnostics);
    if theme_failed {
        return None;
    }
    render::Renderer::new(theme, &checked.config, &mut checked.sources)
        .map_err(|d| checked.diagnostics.extend(d))
        .ok()
}

/// Renders `log` straight into a new output tree, page by page, and swaps it in; on any
/// error the previous output stays. Returns how many files the site has.
fn render_and_write(
    checked: &mut Checked,
    root: &Path,
    log: &Log,
    settings: &render::RenderSettings,
    output: &Path,
) -> Option<usize> {
    let renderer = renderer(checked, root)?;
    let config = &checked.config;
    let plan = match render::FullBuild::plan(log, config, &renderer, settings) {
        Ok(plan) => plan,
        Err(d) => {
            checked.diagnostics.extend(d);
            return None;
        }
    };
    let write_error = |e: output::OutputError| {
        Diagnostic::error(
            output.display().to_string(),
            None,
            "write-failed",
            e.to_string(),
        )
    };
    let staging = match output::Staging::begin(output, plan.paths()) {
        Ok(staging) => staging,
        Err(e) => {
            checked.diagnostics.push(write_error(e));
            return None;
        }
    };
    let rendered = plan.render_each(&|path, content| {
        match content {
            render::Content::Bytes(bytes) => staging.put(path, &bytes),
            render::Content::Stream(write) => staging.put_stream(path, write),
        }
        .map_err(write_error)
    });
    let files = plan.len();
    drop(plan);
    // Without a commit, dropping `staging` removes the new tree and leaves the previous
    // output as it was.
    let committed = rendered.and_then(|()| staging.commit().map_err(|e| vec![write_error(e)]));
    match committed {
        Ok(_) => Some(files),
        Err(d) => {
            checked.diagnostics.extend(d);
            None
        }
    }
}

/// Checks, renders and writes the site at `root`.
#[must_use]
pub fn build(root: &Path, options: &BuildOptions) -> BuildReport {
    let start = Instant::now();
    let mut checked = check(root);
    if let Some(base) = &options.base_url {
        checked.config.base_url.clone_from(base);
    }
    let audience = options.audience.unwrap_or(checked.config.default_audience);
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(&checked.config.output_dir));
    let mut report = BuildReport {
        diagnostics: Vec::new(),
        sources: Sources::default(),
        written: false,
        pages: 0,
        withheld: Withheld::default(),
        audience,
        base_url: checked.config.base_url.clone(),
        output: output.clone(),
        elapsed: Duration::ZERO,
        stages: vec![("check (read, parse, link, lint)", start.elapsed())],
    };
    if checked.has_errors() {
        // Nothing is written, but what interrupted builds left beside the output goes.
        if output::check_target(root, &output, options.force).is_ok() {
            let _ = output::remove_leftovers_of(&output);
        }
    } else {
        if let Err(e) = output::check_target(root, &output, options.force) {
            checked.diagnostics.push(Diagnostic::error(
                output.display().to_string(),
                None,
                "unsafe-output",
                e.to_string(),
            ));
        } else {
            let settings = render::RenderSettings {
                audience,
                mark_withheld: false,
            };
            let mark = Instant::now();
            // The build needs neither the full history nor the notes afterwards: restrict
            // them in place instead of copying (memory matters at 10,000 notes).
            let full = std::mem::take(&mut checked.log);
            let docs = std::mem::take(&mut checked.docs);
            let (log, withheld) = if audience == Audience::All {
                // Nothing is withheld: the history `check` linked is the one to render
                // (a test holds the two equal).
                drop(docs);
                (full, Withheld::default())
            } else {
                // Freeing the full history takes a while: not on the way.
                std::thread::spawn(move || drop(full));
                let (visible, withheld) = audience::restrict_owned(docs, audience);
                // Linking again from only what this audience may see: nothing withheld
                // can leak into derived data. Reference errors were reported by `check`.
                (history::link(&visible).0, withheld)
            };
            report.stages.push(("restrict, relink", mark.elapsed()));
            report.withheld = withheld;
            let mark = Instant::now();
            let files = render_and_write(&mut checked, root, &log, &settings, &output);
            // Freeing ten thousand sessions takes a while too: not on the way either.
            std::thread::spawn(move || drop(log));
            report.stages.push(("render and write", mark.elapsed()));
            if let Some(files) = files {
                report.written = true;
                report.pages = files;
            }
        }
    }
    report.diagnostics = checked.diagnostics;
    report.sources = checked.sources;
    report.elapsed = start.elapsed();
    report
}
