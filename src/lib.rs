//! mentorlog turns a folder of mentoring session notes into a linked history site.
//!
//! The pipeline, one module a stage:
//! `content` (read notes, parse front matter and Markdown) → `history` (link sessions,
//! goals, recurring items, backlog, people) → `audience` (keep what a build may publish)
//! → `render` (Tera pages) → `output` (temp folder, atomic swap). `check` stops after
//! `history`; `build` runs it all. Diagnostics flow back from every stage.

pub mod analysis;
pub mod audience;
pub mod code;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod export;
pub mod history;
pub mod lints;
pub mod lsp;
pub mod output;
pub mod render;
pub mod serve;
pub mod team;
#[cfg(test)]
mod test_rng;

use crate::code::Code;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use analysis::Host;
use audience::{Audience, Withheld};
use config::SiteConfig;
use content::MentorshipDoc;
use diagnostic::{Diagnostic, Sources};
use history::Log;

/// Everything `check` learns about a site, taken out of its [`Host`].
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

/// Loads, parses and links the site at `root`, collecting every problem: a [`Host`]
/// loaded once.
#[must_use]
pub fn check(root: &Path) -> Checked {
    Host::load_once(root, None).into_checked()
}

/// The size of a checked log, for `check`'s summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedSize {
    /// Mentorships that parsed.
    pub mentorships: usize,
    /// Their sessions.
    pub sessions: usize,
    /// Their goals.
    pub goals: usize,
}

/// [`check`] for a command that only prints: every problem handed to `visit` as it is
/// placed, a file at a time, in the order of [`Checked::diagnostics`], with the texts its
/// source lines come from. Nothing is gathered: a careless log of 100,000 notes has
/// hundreds of thousands of warnings. Nor is the history of everything kept: the problems
/// are the same without it, and a check never reads it.
pub fn check_each(root: &Path, mut visit: impl FnMut(Diagnostic, &Sources)) -> CheckedSize {
    let host = Host::load_without_history(root, None);
    let sources = host.sources();
    host.each_diagnostic(None, |d| visit(d, &sources));
    host.size()
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
    /// Add the team audience's site, encrypted, under `/team/` (issue 16).
    pub encrypt_team: Option<team::TeamOptions>,
    /// How many warnings the report keeps whole: the first, in its order; the others are
    /// only counted (`BuildReport::more_warnings`). `None` keeps them all. A log written
    /// carelessly has tens of thousands, which the report would hold while the site
    /// renders (issue 17).
    pub warnings_kept: Option<usize>,
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
    /// The warnings beyond `BuildOptions::warnings_kept`, counted by code.
    pub more_warnings: std::collections::BTreeMap<Code, usize>,
    /// How many warnings `diagnostics` may still take whole.
    warnings_room: Option<usize>,
}

impl BuildReport {
    /// Adds `diagnostics` in order: every error, and warnings while there is room
    /// (`BuildOptions::warnings_kept`); the other warnings are counted.
    fn add(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            if d.is_error() {
                self.diagnostics.push(d);
                continue;
            }
            match &mut self.warnings_room {
                Some(0) => *self.more_warnings.entry(d.code).or_default() += 1,
                Some(room) => {
                    *room -= 1;
                    self.diagnostics.push(d);
                }
                None => self.diagnostics.push(d),
            }
        }
    }

    /// How many warnings the build met, kept whole or counted.
    #[must_use]
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
            + self.more_warnings.values().sum::<usize>()
    }
}

/// The history `audience` may see, linked again from only the notes it may see.
#[must_use]
pub fn log_for(checked: &Checked, audience: Audience) -> Log {
    analysis::restricted(&checked.docs, audience).0
}

/// Renders `log` straight into a new output tree, page by page, with `extra` files made
/// beside the render (the encrypted team site), and swaps it in; on any error the
/// previous output stays. Returns how many files the site has.
fn render_and_write(
    renderer: &render::Renderer,
    config: &SiteConfig,
    (log, settings): (&Log, &render::RenderSettings),
    output: &Path,
    extra: &[render::Page],
) -> Result<usize, Vec<Diagnostic>> {
    let plan = render::FullBuild::plan(log, config, renderer, settings)?;
    // Files made beside the render are planned with its pages.
    if let Some(taken) = extra.iter().find(|f| plan.paths().any(|p| p == f.path)) {
        return Err(vec![Diagnostic::error(
            taken.path.clone(),
            None,
            Code::DuplicatePage,
            format!(
                "`{}` is a page of the site and a file of the encrypted team site: move the site's file",
                taken.path
            ),
        )]);
    }
    let write_error = |e: output::OutputError| {
        Diagnostic::error(
            output.display().to_string(),
            None,
            Code::WriteFailed,
            e.to_string(),
        )
    };
    let paths = plan.paths().chain(extra.iter().map(|f| f.path.as_str()));
    let staging = output::Staging::begin(output, paths).map_err(|e| vec![write_error(e)])?;
    let rendered = plan.render_each(&|path, content| {
        match content {
            render::Content::Bytes(bytes) => staging.put(path, &bytes),
            render::Content::Stream(write) => staging.put_stream(path, write),
        }
        .map_err(write_error)
    });
    let rendered = rendered.and_then(|()| {
        extra
            .iter()
            .try_for_each(|f| staging.put(&f.path, &f.bytes))
            .map_err(|e| vec![write_error(e)])
    });
    let files = plan.len() + extra.len();
    // Without a commit, dropping `staging` removes the new tree and leaves the previous
    // output as it was. The staging borrows the plan's paths: the plan goes after it.
    let committed = rendered.and_then(|()| staging.commit().map_err(|e| vec![write_error(e)]));
    drop(plan);
    committed?;
    Ok(files)
}

/// The part of [`build`] after a check without errors: the team site sealed (with
/// `--encrypt-team`), the audience's history, the pages rendered into `output`.
fn publish(mut host: Host, options: &BuildOptions, output: &Path, report: &mut BuildReport) {
    let audience = report.audience;
    // Issue 16: the team site, rendered and sealed before the notes are given up.
    let mark = Instant::now();
    let team = match &options.encrypt_team {
        Some(team) => {
            let files = team::encrypted_site(&mut host, team);
            report
                .stages
                .push(("team site: render, encrypt", mark.elapsed()));
            files
        }
        None => Ok(Vec::new()),
    };
    let mark = Instant::now();
    // The build needs neither the full history nor the notes afterwards: moved out,
    // not copied (memory matters at 10,000 notes).
    let ((log, withheld), theme) = host.take_for_render(audience);
    report
        .stages
        .push(("restrict, relink; compile the theme", mark.elapsed()));
    report.withheld = withheld;
    let mark = Instant::now();
    let mut config = host.config().clone();
    // The public pages link to the team site.
    config.team.published = options.encrypt_team.is_some();
    // What the analysis holds is not needed to render: freed off the way.
    drop(host);
    report.add(theme.diagnostics);
    for (path, text) in theme.sources.entries() {
        report.sources.insert(path, text);
    }
    match (&theme.renderer, team) {
        (_, Err(d)) => report.add(d),
        (None, _) => {}
        (Some(renderer), Ok(team)) => {
            let settings = render::RenderSettings {
                audience,
                mark_withheld: false,
            };
            match render_and_write(renderer, &config, (&log, &settings), output, &team) {
                Ok(files) => {
                    report.written = true;
                    report.pages = files;
                }
                Err(d) => report.add(d),
            }
        }
    }
    // Freeing ten thousand sessions takes a while too: not on the way either.
    std::thread::spawn(move || drop(log));
    report.stages.push(("render and write", mark.elapsed()));
}

/// Checks, renders and writes the site at `root`.
#[must_use]
pub fn build(root: &Path, options: &BuildOptions) -> BuildReport {
    let start = Instant::now();
    let host = Host::load_without_history(root, options.base_url.clone());
    let config = host.config();
    let audience = options.audience.unwrap_or(config.default_audience);
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    let mut report = BuildReport {
        diagnostics: Vec::new(),
        sources: Sources::default(),
        written: false,
        pages: 0,
        withheld: Withheld::default(),
        audience,
        base_url: config.base_url.clone(),
        output: output.clone(),
        elapsed: Duration::ZERO,
        stages: vec![("check (read, parse, link, lint)", start.elapsed())],
        more_warnings: std::collections::BTreeMap::new(),
        warnings_room: options.warnings_kept,
    };
    // Only the warnings the report keeps whole are placed in their notes.
    let mark = Instant::now();
    let (kept, more) = host.bounded_diagnostics(options.warnings_kept);
    report.add(kept);
    report.more_warnings = more;
    report.diagnostics.shrink_to_fit();
    // The lines the messages show, not every note's text: those go with the host, before
    // rendering (memory matters at 100,000 notes).
    report.sources = host.sources_of(&report.diagnostics);
    report.sources.keep_lines(&report.diagnostics);
    report.stages.push((
        "report (place the warnings shown, count the rest)",
        mark.elapsed(),
    ));
    if host.has_errors() {
        // Nothing is written, but what interrupted builds left beside the output goes.
        if output::check_target(root, &output, options.force).is_ok() {
            let _ = output::remove_leftovers_of(&output);
        }
    } else if let Err(e) = output::check_target(root, &output, options.force) {
        report.diagnostics.push(Diagnostic::error(
            output.display().to_string(),
            None,
            Code::UnsafeOutput,
            e.to_string(),
        ));
    } else {
        publish(host, options, &output, &mut report);
    }
    report.elapsed = start.elapsed();
    report
}
