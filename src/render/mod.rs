//! Rendering: the linked model of one audience → pages (path + bytes), with Tera 2.
//!
//! Owns the Tera environment, the page list and each page's context. Never writes files:
//! it returns [`Page`]s for `output` to write. Template errors become diagnostics that name
//! the template's file and line.

pub mod context;
pub mod theme;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::config::SiteConfig;
use crate::content::markdown::{self, RenderOptions, Target};
use crate::diagnostic::{Diagnostic, Loc, Sources};
use crate::history::link::resolve_note_path;
use crate::history::{Log, Mentorship};
use context::*;
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
    origins: HashMap<String, String>,
    theme: Theme,
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
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let base_path = base_path(&config.base_url);
        let base_url = config.base_url.trim_end_matches('/').to_owned();
        tera.register_filter("url", move |s: &str, _: Kwargs, _: &State| {
            format!("{base_path}{s}")
        });
        tera.register_filter("abs_url", move |s: &str, _: Kwargs, _: &State| {
            if base_url.contains("://") {
                format!("{base_url}{s}")
            } else {
                s.to_owned()
            }
        });
        let mut origins = HashMap::new();
        let mut texts = Vec::new();
        for (name, file) in &theme.templates {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            sources.insert(file.origin.clone(), text.as_str().into());
            origins.insert(name.clone(), file.origin.clone());
            texts.push((name.clone(), text));
        }
        if let Err(e) = tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            return Err(vec![template_error(&e, &origins)]);
        }
        Ok(Self {
            tera,
            origins,
            theme,
        })
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&e, &self.origins))
    }
}

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
                "template",
                r.message().to_owned(),
            )
            .with_hint("fix the template, or remove your override to use the default theme's")
        }
        _ => Diagnostic::error("templates", None, "template", e.to_string()),
    }
}

/// Renders every page of `log` for one audience.
///
/// # Errors
/// Every template error met.
pub fn render_site(
    log: &Log,
    config: &SiteConfig,
    renderer: &Renderer,
    settings: &RenderSettings,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    render_some(log, config, renderer, settings, &|_| true)
}

/// Renders the pages of `log` whose output path `wanted` accepts (`sessions/x/index.html`,
/// `log.json`, `style.css` …): what an incremental rebuild needs. Pages are sorted by path.
///
/// # Errors
/// Every template error met.
pub fn render_some(
    log: &Log,
    config: &SiteConfig,
    renderer: &Renderer,
    settings: &RenderSettings,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let several = log.mentorships.len() > 1;
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
        several,
        extra: config.extra.clone(),
        generator: format!("mentorlog {}", env!("CARGO_PKG_VERSION")),
        mark_withheld: settings.mark_withheld,
    };
    let md = RenderOptions {
        unsafe_html: config.markdown.unsafe_html,
        heading_shift: 1,
    };
    let base = base_path(&config.base_url);

    let mut jobs: Vec<Job<'_>> = Vec::new();
    // Several mentorships, or none this audience may see: `/` lists them.
    if several || log.mentorships.is_empty() {
        jobs.push(Job::SiteIndex);
    }
    for m in &log.mentorships {
        jobs.push(Job::Home(m));
        jobs.push(Job::Sessions(m));
        jobs.push(Job::Goals(m));
        jobs.extend((0..m.sessions.len()).map(|i| Job::Session(m, i)));
        jobs.extend((0..m.goals.len()).map(|i| Job::Goal(m, i)));
    }
    jobs.push(Job::NotFound);

    let bases: Vec<(&Mentorship, Context)> = log
        .mentorships
        .iter()
        .map(|m| {
            let mut ctx = Context::new();
            ctx.insert("site", &site);
            ctx.insert("m", &mentorship_view(m, log, md, &base));
            (m, ctx)
        })
        .collect();
    let mut site_ctx = Context::new();
    site_ctx.insert("site", &site);
    let site_ctx = &site_ctx;
    let base_of = |m: &Mentorship| {
        bases
            .iter()
            .find(|(b, _)| std::ptr::eq(*b, m))
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    };

    jobs.retain(|job| wanted(&job.path()));
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (path, template, ctx) = match *job {
                Job::SiteIndex => {
                    let mut ctx = site_ctx.clone();
                    let views: Vec<_> = log
                        .mentorships
                        .iter()
                        .map(|m| mentorship_view(m, log, md, &base))
                        .collect();
                    ctx.insert("mentorships", &views);
                    ctx.insert("page", &PageInfo::new("index", "/", &site.title));
                    ("index.html".to_owned(), "site_index.html", ctx)
                }
                Job::Home(m) => {
                    let mut ctx = base_of(m);
                    let sessions: Vec<_> = m.sessions.iter().map(SessionSummary::of).collect();
                    ctx.insert("sessions", &sessions);
                    ctx.insert("latest", &m.sessions.last().map(SessionSummary::of));
                    ctx.insert("open_goals", &goal_groups(m, true));
                    ctx.insert("page", &PageInfo::new("home", &m.url, &m.front.title));
                    (out_path(&m.url), "index.html", ctx)
                }
                Job::Sessions(m) => {
                    let mut ctx = base_of(m);
                    let sessions: Vec<_> = m.sessions.iter().map(SessionSummary::of).collect();
                    ctx.insert("sessions", &sessions);
                    let url = format!("{}sessions/", m.url);
                    ctx.insert("page", &PageInfo::new("sessions", &url, "Sessions"));
                    (out_path(&url), "sessions.html", ctx)
                }
                Job::Goals(m) => {
                    let mut ctx = base_of(m);
                    ctx.insert("groups", &goal_groups(m, false));
                    let url = format!("{}goals/", m.url);
                    ctx.insert("page", &PageInfo::new("goals", &url, "Goals"));
                    (out_path(&url), "goals.html", ctx)
                }
                Job::Session(m, i) => {
                    let s = &m.sessions[i];
                    let mut ctx = base_of(m);
                    ctx.insert("session", &session_view(m, i, log, md, &base));
                    ctx.insert(
                        "page",
                        &PageInfo::new("session", &s.url, &s.title)
                            .withheld(s.visibility, settings),
                    );
                    (out_path(&s.url), "session.html", ctx)
                }
                Job::Goal(m, i) => {
                    let g = &m.goals[i];
                    let mut ctx = base_of(m);
                    ctx.insert("goal", &goal_view(m, i));
                    let visibility = m.sessions[g.introduced].visibility;
                    ctx.insert(
                        "page",
                        &PageInfo::new("goal", &g.url, &g.text).withheld(visibility, settings),
                    );
                    (out_path(&g.url), "goal.html", ctx)
                }
                Job::NotFound => {
                    let mut ctx = site_ctx.clone();
                    ctx.insert("page", &PageInfo::new("404", "/404.html", "Page not found"));
                    ("404.html".to_owned(), "404.html", ctx)
                }
            };
            renderer.render(template, &ctx).map(|html| Page {
                path,
                bytes: html.into_bytes(),
            })
        })
        .collect();

    let mut pages = Vec::with_capacity(results.len() + renderer.theme.statics.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) if !errors.contains(&d) => errors.push(d),
            Err(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (name, file) in &renderer.theme.statics {
        if wanted(name) {
            pages.push(Page {
                path: name.clone(),
                bytes: file.bytes.clone(),
            });
        }
    }
    if wanted("log.json") {
        let json = serde_json::to_vec(&LogJson {
            generator: &site.generator,
            audience: settings.audience.as_str(),
            log,
        })
        .unwrap_or_default();
        pages.push(Page {
            path: "log.json".to_owned(),
            bytes: json,
        });
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

#[derive(Serialize)]
struct LogJson<'a> {
    generator: &'a str,
    audience: &'a str,
    #[serde(flatten)]
    log: &'a Log,
}

enum Job<'a> {
    SiteIndex,
    Home(&'a Mentorship),
    Sessions(&'a Mentorship),
    Goals(&'a Mentorship),
    Session(&'a Mentorship, usize),
    Goal(&'a Mentorship, usize),
    NotFound,
}

impl Job<'_> {
    /// The output path of the page this job renders.
    fn path(&self) -> String {
        match *self {
            Job::SiteIndex => "index.html".to_owned(),
            Job::Home(m) => out_path(&m.url),
            Job::Sessions(m) => out_path(&format!("{}sessions/", m.url)),
            Job::Goals(m) => out_path(&format!("{}goals/", m.url)),
            Job::Session(m, i) => out_path(&m.sessions[i].url),
            Job::Goal(m, i) => out_path(&m.goals[i].url),
            Job::NotFound => "404.html".to_owned(),
        }
    }
}

/// `/sessions/x/` → `sessions/x/index.html`.
fn out_path(url: &str) -> String {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// What every page knows about itself.
#[derive(Debug, Clone, Serialize)]
struct PageInfo {
    kind: &'static str,
    url: String,
    title: String,
    /// The visibility that the public build would withhold, when marking (serve).
    withheld: Option<&'static str>,
}

impl PageInfo {
    fn new(kind: &'static str, url: &str, title: &str) -> Self {
        Self {
            kind,
            url: url.to_owned(),
            title: title.to_owned(),
            withheld: None,
        }
    }

    fn withheld(mut self, v: crate::content::doc::Visibility, settings: &RenderSettings) -> Self {
        if settings.mark_withheld && v != crate::content::doc::Visibility::Public {
            self.withheld = Some(v.as_str());
        }
        self
    }
}

/// Resolves our links in a body to page URLs under `md.base` (the base URL's path).
fn resolver<'a>(
    log: &'a Log,
    m: &'a Mentorship,
    from: &'a std::path::Path,
    base: &'a str,
) -> impl Fn(&Target) -> Option<String> + 'a {
    move |t| match t {
        Target::Goal(id) => m.goal(id).map(|g| format!("{base}{}", g.url)),
        Target::Note { path, fragment } => {
            let url = log.note_urls.get(&resolve_note_path(from, path)?)?;
            Some(match fragment {
                Some(f) => format!("{base}{url}#{f}"),
                None => format!("{base}{url}"),
            })
        }
    }
}

fn mentorship_view<'a>(
    m: &'a Mentorship,
    log: &Log,
    md: RenderOptions,
    base: &str,
) -> MentorshipView<'a> {
    let rel = log
        .note_urls
        .iter()
        .find(|(_, u)| **u == m.url)
        .map(|(p, _)| p.clone())
        .unwrap_or_default();
    let body_html = markdown::render(&m.body, md, &resolver(log, m, &rel, base));
    let open = m.goals.iter().filter(|g| g.open).count();
    let achieved = m
        .goals
        .iter()
        .filter(|g| g.status == crate::content::doc::GoalStatus::Achieved)
        .count();
    let nav = vec![
        LinkView {
            title: "Overview".into(),
            url: m.url.clone(),
        },
        LinkView {
            title: "Sessions".into(),
            url: format!("{}sessions/", m.url),
        },
        LinkView {
            title: "Goals".into(),
            url: format!("{}goals/", m.url),
        },
    ];
    MentorshipView {
        front: &m.front,
        url: &m.url,
        slug: &m.slug,
        visibility: m.own_visibility,
        body_html,
        counts: Counts {
            sessions: m.sessions.len(),
            goals: m.goals.len(),
            open_goals: open,
            achieved,
            closed_other: m.goals.len() - open - achieved,
            overdue: m.goals.iter().filter(|g| g.overdue).count(),
            recurring_weaknesses: m.weaknesses.iter().filter(|w| w.recurring).count(),
            backlog_changes: m.backlog.len(),
            people: m.people.len(),
        },
        as_of: m.as_of.map(|d| d.to_string()),
        nav,
    }
}

#[derive(Serialize)]
struct SessionView<'a> {
    #[serde(flatten)]
    summary: SessionSummary<'a>,
    source: &'a str,
    retro: Option<&'a str>,
    attendees: &'a [String],
    mentors: &'a [String],
    strengths: Vec<&'a str>,
    weaknesses: Vec<WeaknessView<'a>>,
    questions: Vec<QuestionView<'a>>,
    goals: &'a [crate::history::SessionGoal],
    backlog: Vec<BacklogView<'a>>,
    reflection: Option<&'a str>,
    direction: Option<crate::content::doc::Direction>,
    next_date: Option<String>,
    extra: &'a Option<serde_json::Value>,
    body_html: String,
    prev: Option<SessionSummary<'a>>,
    next: Option<SessionSummary<'a>>,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    text: &'a str,
    addresses: &'a [String],
}

fn session_view<'a>(
    m: &'a Mentorship,
    i: usize,
    log: &Log,
    md: RenderOptions,
    base: &str,
) -> SessionView<'a> {
    let s = &m.sessions[i];
    let rel = log
        .note_urls
        .iter()
        .find(|(_, u)| **u == s.url)
        .map(|(p, _)| p.clone())
        .unwrap_or_default();
    let body_html = markdown::render(&s.body, md, &resolver(log, m, &rel, base));
    let weaknesses = s
        .front
        .weaknesses
        .iter()
        .enumerate()
        .map(|(rank, w)| {
            let key = crate::history::link::item_key(w.id.as_deref(), &w.text);
            let r = m.weaknesses.iter().find(|r| r.key == key);
            let seen = r.map_or(1, |r| {
                r.occurrences.iter().filter(|o| o.session <= i).count()
            });
            WeaknessView {
                rank: rank + 1,
                id: w.id.as_deref(),
                text: &w.text,
                impact: w.impact,
                tags: &w.tags,
                seen,
                recurring: seen > 1,
                addressed_by: r
                    .map(|r| r.addressed_by.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    SessionView {
        summary: SessionSummary::of(s),
        source: &s.source,
        retro: s.front.retro.as_deref(),
        attendees: &s.front.attendees,
        mentors: &s.mentors,
        strengths: s.front.strengths.iter().map(|x| x.text.as_str()).collect(),
        weaknesses,
        questions: s
            .front
            .questions
            .iter()
            .map(|q| QuestionView {
                text: &q.text,
                addresses: &q.addresses.0,
            })
            .collect(),
        goals: &s.goal_changes,
        backlog: m
            .backlog
            .iter()
            .filter(|b| b.session == i)
            .map(|b| BacklogView::of(m, b))
            .collect(),
        reflection: s.front.reflection.as_deref(),
        direction: s.front.direction,
        next_date: s.front.next.map(crate::date::Date::long),
        extra: &s.front.extra,
        body_html,
        prev: s.prev.map(|p| SessionSummary::of(&m.sessions[p])),
        next: s.next.map(|n| SessionSummary::of(&m.sessions[n])),
    }
}

#[derive(Serialize)]
struct GoalView<'a> {
    #[serde(flatten)]
    summary: GoalSummary<'a>,
    events: Vec<GoalEventView<'a>>,
    superseded_by: Option<LinkView>,
    supersedes: Vec<LinkView>,
    addresses: Vec<AddressedView<'a>>,
    backlog: Vec<BacklogView<'a>>,
}

fn goal_view(m: &Mentorship, i: usize) -> GoalView<'_> {
    let g = &m.goals[i];
    let link = |id: &str| {
        m.goal(id).map(|o| LinkView {
            title: o.text.clone(),
            url: o.url.clone(),
        })
    };
    GoalView {
        summary: GoalSummary::of(m, g),
        events: g
            .events
            .iter()
            .map(|e| GoalEventView {
                event: e,
                session: SessionSummary::of(&m.sessions[e.session]),
            })
            .collect(),
        superseded_by: g.superseded_by.as_deref().and_then(link),
        supersedes: g.supersedes.iter().filter_map(|id| link(id)).collect(),
        addresses: g
            .addresses
            .iter()
            .filter_map(|k| m.weaknesses.iter().find(|w| &w.key == k))
            .map(AddressedView::of)
            .collect(),
        backlog: g
            .backlog
            .iter()
            .map(|&b| BacklogView::of(m, &m.backlog[b]))
            .collect(),
    }
}
