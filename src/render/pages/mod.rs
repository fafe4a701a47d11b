//! The pages of a site, one file per page kind, each with the view types only its
//! template sees next to the function that fills them; [`PageId`] names every output file
//! and [`PageId::render`] is the one dispatch from a page to its file.
//!
//! Every page is made from the restricted log through the per-mentorship [`Lookup`]s, and
//! adds only what its template shows, so that a page's cost follows its own size, not the
//! log's. Views several pages show are in `parts` (and the ones the shared values of
//! `lookup` hold, in `render::context`).
//!
//! | page kind | file |
//! |---|---|
//! | a mentorship's home (`m`'s overview) | `home.rs` (its parts: `follow_through.rs`, `timeline.rs`, `next.rs`'s `between`) |
//! | sessions, a session | `sessions.rs` |
//! | goals, a goal | `goals.rs` |
//! | recurring weaknesses and strengths | `recurring.rs` |
//! | backlog | `backlog.rs` |
//! | people, a person | `people.rs` |
//! | tags, a tag | `tags.rs` |
//! | print (every session in one page) | `print.rs` |
//! | the next session's agenda | `next.rs` |
//! | `calendar.ics` | `calendar.rs` |
//! | `m`, on every page of a mentorship | `mentorship.rs` |
//! | `/`, `/404.html`, `/search/` | `site.rs` |
//! | `feed.xml`, `sitemap.xml`, `log.json` | `feed.rs`, `sitemap.rs`, `log_json.rs` |
//! | the search index's files | `render::search` |

mod backlog;
mod calendar;
mod feed;
mod follow_through;
mod goals;
mod home;
mod log_json;
mod mentorship;
mod next;
mod parts;
mod people;
mod print;
mod recurring;
mod sessions;
mod site;
mod sitemap;
mod tags;
mod timeline;

pub(super) use mentorship::{MentorshipView, mentorship_view};
pub(super) use parts::{GoalGroup, GoalSummary, ReflectionView};
pub(super) use print::{SessionPages, Stop};
pub use sitemap::writes_sitemap;

use tera::Context;

use crate::config::SiteConfig;
use crate::content::doc::Visibility;
use crate::content::markdown::{self, RenderOptions, Target};
use crate::diagnostic::Diagnostic;
use crate::history::Body;
use crate::history::{Log, Mentorship};

use super::context::PageInfo;
use super::html::{self, Fit};
use super::lookup::Lookup;
use super::native::Html;
use super::{Env, Renderer, search};

/// One file of the output, by what it is: what callers select pages by (`serve` renders
/// the pages whose inputs changed). Indices are into the rendered [`Log`]: `Home(mi)` is
/// the home page of `log.mentorships[mi]`, `Session(mi, i)` that mentorship's session
/// `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PageId {
    /// `/` listing the mentorships (several, or none visible).
    SiteIndex,
    /// `/404.html`.
    NotFound,
    /// `/search/`.
    Search,
    /// A file of the search index (`search/index.json`, its shards).
    SearchFile(search::File),
    /// `/feed.xml`.
    Feed,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/log.json`.
    LogJson,
    /// A mentorship's overview.
    Home(usize),
    /// `…/sessions/`.
    Sessions(usize),
    /// A session's page.
    Session(usize, usize),
    /// `…/goals/`.
    Goals(usize),
    /// A goal's page.
    Goal(usize, usize),
    /// `…/recurring/`.
    Recurring(usize),
    /// `…/backlog/`.
    Backlog(usize),
    /// `…/people/`.
    People(usize),
    /// A person's page.
    Person(usize, usize),
    /// `…/tags/`.
    Tags(usize),
    /// A tag's page.
    Tag(usize, usize),
    /// `…/print/`: every session in one page.
    Print(usize),
    /// `…/next/`: the next session's agenda.
    Next(usize),
    /// `…/calendar.ics`: next meetings and due dates.
    Calendar(usize),
}

impl PageId {
    /// Every page of the site, in a stable order.
    pub(super) fn all(log: &Log, config: &SiteConfig) -> Vec<PageId> {
        let mut pages = Vec::new();
        // Several mentorships, or none this audience may see: `/` lists them.
        if log.mentorships.len() != 1 {
            pages.push(PageId::SiteIndex);
        }
        for (mi, m) in log.mentorships.iter().enumerate() {
            pages.extend([
                PageId::Home(mi),
                PageId::Sessions(mi),
                PageId::Goals(mi),
                PageId::Recurring(mi),
                PageId::Backlog(mi),
                PageId::People(mi),
                PageId::Tags(mi),
                PageId::Print(mi),
                PageId::Next(mi),
                PageId::Calendar(mi),
            ]);
            pages.extend((0..m.sessions.len()).map(|i| PageId::Session(mi, i)));
            pages.extend((0..m.goals.len()).map(|i| PageId::Goal(mi, i)));
            pages.extend((0..m.people.len()).map(|i| PageId::Person(mi, i)));
            pages.extend((0..m.tags.len()).map(|i| PageId::Tag(mi, i)));
        }
        if config.search.enabled {
            pages.push(PageId::Search);
            pages.extend(search::files(log).map(PageId::SearchFile));
        }
        pages.push(PageId::Feed);
        // The sitemap protocol wants absolute URLs: without an absolute `base_url` there
        // is no sitemap (as Zola and Hugo sites always have one, they always have a base
        // URL).
        if writes_sitemap(&config.base_url) {
            pages.push(PageId::Sitemap);
        }
        pages.extend([PageId::LogJson, PageId::NotFound]);
        pages
    }

    /// The page's URL (without the base path), for HTML pages.
    pub(super) fn url(self, log: &Log) -> Option<String> {
        let m = |mi: usize| &log.mentorships[mi];
        let under = |mi: usize, section: &str| format!("{}{section}/", m(mi).url);
        Some(match self {
            PageId::SiteIndex => "/".to_owned(),
            PageId::Search => "/search/".to_owned(),
            PageId::NotFound
            | PageId::SearchFile(_)
            | PageId::Feed
            | PageId::Sitemap
            | PageId::LogJson
            | PageId::Calendar(_) => {
                return None;
            }
            PageId::Home(mi) => m(mi).url.clone(),
            PageId::Sessions(mi) => under(mi, "sessions"),
            PageId::Session(mi, i) => m(mi).sessions[i].url.clone(),
            PageId::Goals(mi) => under(mi, "goals"),
            PageId::Goal(mi, i) => m(mi).goals[i].url.to_string(),
            PageId::Recurring(mi) => under(mi, "recurring"),
            PageId::Backlog(mi) => under(mi, "backlog"),
            PageId::People(mi) => under(mi, "people"),
            PageId::Person(mi, i) => {
                format!("{}{}/", under(mi, "people"), m(mi).people[i].slug)
            }
            PageId::Tags(mi) => under(mi, "tags"),
            PageId::Tag(mi, i) => format!("{}{}/", under(mi, "tags"), m(mi).tags[i].slug),
            PageId::Print(mi) => under(mi, "print"),
            PageId::Next(mi) => under(mi, "next"),
        })
    }

    /// The output path of the file (`sessions/kickoff/index.html`, `log.json`).
    pub(crate) fn path(self, log: &Log) -> String {
        match self {
            PageId::NotFound => "404.html".to_owned(),
            PageId::SearchFile(file) => file.path(),
            PageId::Feed => "feed.xml".to_owned(),
            PageId::Sitemap => "sitemap.xml".to_owned(),
            PageId::LogJson => "log.json".to_owned(),
            PageId::Calendar(mi) => format!(
                "{}calendar.ics",
                log.mentorships[mi].url.trim_start_matches('/')
            ),
            _ => super::out_path(&self.url(log).unwrap_or_default()),
        }
    }

    /// The note the page is made from, for messages: a session's, else its mentorship's,
    /// else `content`.
    pub(super) fn source(self, log: &Log) -> String {
        match self {
            PageId::Session(mi, i) => log.mentorships[mi].sessions[i].source.clone(),
            _ => self.mentorship().map_or_else(
                || "content".to_owned(),
                |mi| log.mentorships[mi].source.clone(),
            ),
        }
    }

    /// The mentorship the page belongs to (`None`: a site-wide page).
    pub(crate) fn mentorship(self) -> Option<usize> {
        match self {
            PageId::Home(mi)
            | PageId::Sessions(mi)
            | PageId::Session(mi, _)
            | PageId::Goals(mi)
            | PageId::Goal(mi, _)
            | PageId::Recurring(mi)
            | PageId::Backlog(mi)
            | PageId::People(mi)
            | PageId::Person(mi, _)
            | PageId::Tags(mi)
            | PageId::Tag(mi, _)
            | PageId::Print(mi)
            | PageId::Next(mi)
            | PageId::Calendar(mi) => Some(mi),
            PageId::SiteIndex
            | PageId::NotFound
            | PageId::Search
            | PageId::SearchFile(_)
            | PageId::Feed
            | PageId::Sitemap
            | PageId::LogJson => None,
        }
    }

    /// Renders the page's file: the one dispatch from a page kind to the file that makes
    /// it. `all` is every page of the site (the sitemap lists them); the print page
    /// renders its mentorship's session pages on the way (one view and one sections
    /// render per session serve both) and hands those `sessions` asks for to it.
    pub(super) fn render(
        self,
        env: &Env<'_>,
        renderer: &Renderer,
        all: &[PageId],
        sessions: &SessionPages<'_>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let (template, ctx) = match self {
            PageId::SiteIndex => site::index(env),
            PageId::NotFound => site::not_found(env),
            PageId::Search => site::search(env),
            PageId::SearchFile(file) => return Ok(search_file(env, file)),
            PageId::Feed => feed::page(env),
            PageId::Sitemap => sitemap::page(env, all),
            PageId::LogJson => return Ok(log_json::bytes(env)),
            PageId::Home(mi) => return home::page(env, mi, renderer),
            PageId::Sessions(mi) => return sessions::list(env, mi, renderer),
            PageId::Session(mi, i) => return sessions::page(env, mi, i, renderer),
            PageId::Goals(mi) => return goals::list(env, mi, renderer),
            PageId::Goal(mi, i) => return goals::page(env, mi, i, renderer),
            PageId::Recurring(mi) => return recurring::page(env, mi, renderer),
            PageId::Backlog(mi) => return backlog::page(env, mi, renderer),
            PageId::People(mi) => people::list(env, mi),
            PageId::Person(mi, i) => return people::page(env, mi, i, renderer),
            PageId::Tags(mi) => tags::list(env, mi),
            PageId::Tag(mi, i) => return tags::page(env, mi, i, renderer),
            PageId::Print(_) => {
                let mut bytes = Vec::new();
                return match self.write_stream(env, renderer, sessions, &mut bytes) {
                    Ok(()) => Ok(bytes),
                    Err(Stop::Render(d)) => Err(d),
                    // A Vec takes every byte.
                    Err(Stop::Write(e)) => Err(Diagnostic::error(
                        self.path(env.log),
                        None,
                        crate::code::Code::WriteFailed,
                        e.to_string(),
                    )),
                };
            }
            PageId::Next(mi) => return next::page(env, mi, renderer),
            PageId::Calendar(mi) => return Ok(calendar::ics(env, mi)),
        };
        finish(env, renderer, self.mentorship(), template, ctx)
    }

    /// Whether the page is written piece by piece, never held whole: `log.json`, and
    /// print pages.
    pub(super) fn streams(self) -> bool {
        matches!(self, PageId::LogJson | PageId::Print(_))
    }

    /// Writes a page that [`PageId::streams`] piece by piece (a print page renders its
    /// mentorship's sessions on the way, as [`PageId::render`] says); nothing for others.
    pub(super) fn write_stream(
        self,
        env: &Env<'_>,
        renderer: &Renderer,
        sessions: &SessionPages<'_>,
        w: &mut dyn std::io::Write,
    ) -> Result<(), Stop> {
        match self {
            PageId::LogJson => Ok(log_json::write(env, w)?),
            PageId::Print(mi) => print::write(env, mi, renderer, sessions, w),
            _ => Ok(()),
        }
    }
}

/// Renders a page's template: with the navigation when it is an HTML page.
fn finish(
    env: &Env<'_>,
    renderer: &Renderer,
    mi: Option<usize>,
    template: &str,
    mut ctx: Context,
) -> Result<Vec<u8>, Diagnostic> {
    if template.ends_with(".html") {
        env.add_nav(renderer, mi, &mut ctx)?;
    }
    renderer.render_bytes(template, &ctx)
}

/// A page of mentorship `mi` written by the built-in templates in Rust (`render::native`):
/// `base.html` around the `main` block that `main` writes; `None` when Tera is to render
/// it (another theme, or something the templates would fail on).
fn native_page(
    env: &Env<'_>,
    renderer: &Renderer,
    mi: usize,
    page: &PageInfo,
    capacity: usize,
    main: impl FnOnce(&mut Html<'_>),
) -> Result<Option<Vec<u8>>, Diagnostic> {
    let Some(mut h) = renderer.native(capacity) else {
        return Ok(None);
    };
    let nav = env.nav_html(renderer, Some(mi), page.section, &page.url)?;
    super::native::page(&mut h, &env.site, Some(&*env.view(mi)), page, &nav, main);
    Ok(h.finish().map(String::into_bytes))
}

/// One file of the search index alone (the build makes them all in one pass: see
/// `render::search::write`).
fn search_file(env: &Env<'_>, file: search::File) -> Vec<u8> {
    let path = file.path();
    let made = std::sync::Mutex::new(Vec::new());
    search::write(env.log, &env.base, &[(file, &path)], &|_, bytes| {
        *made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = bytes;
    });
    made.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn info(kind: &'static str, section: &'static str, url: &str, title: &str) -> PageInfo {
    PageInfo {
        kind,
        section,
        url: url.to_owned(),
        title: title.to_owned(),
        withheld: None,
    }
}

/// Marks a page the public build would withhold, when the settings ask for it (serve).
fn withheld(mut page: PageInfo, v: Visibility, env: &Env<'_>) -> PageInfo {
    if env.settings.mark_withheld && v != Visibility::Public {
        page.withheld = Some(v.as_str());
    }
    page
}

/// Renders a note's body of mentorship `m` to HTML that fits its place in the page; its
/// links go where the linking step resolved them.
fn body_html(env: &Env<'_>, m: &Mentorship, body: &Body, fit: Fit<'_>) -> String {
    if body.trim().is_empty() {
        return String::new();
    }
    let base = env.base.as_str();
    let resolve = |t: &Target| match t {
        Target::Goal(id) => m.indexed_goal(id).map(|g| format!("{base}{}", g.url)),
        Target::Note { path, fragment } => {
            let url = body.note_link(path)?;
            Some(match fragment {
                Some(f) => format!("{base}{url}#{f}"),
                None => format!("{base}{url}"),
            })
        }
    };
    let raw = markdown::render(
        body,
        RenderOptions {
            unsafe_html: env.config.markdown.unsafe_html,
            heading_shift: 0,
            reserved_id: Some(html::theme_id),
        },
        &resolve,
    );
    html::fit(&raw, fit)
}

/// The mentorship's agreement (`mentorship.md`'s body) as its home and print pages show
/// it, its ids prefixed by `id_prefix`.
fn agreement_html(env: &Env<'_>, l: &Lookup<'_>, id_prefix: Option<&str>) -> String {
    body_html(
        env,
        l.m,
        &l.m.body,
        Fit {
            base_level: 3,
            id_prefix,
            place: "the agreement",
        },
    )
}

/// `site` and `m`: the start of every page of mentorship `mi`.
fn base_ctx(env: &Env<'_>, mi: usize) -> Context {
    env.base(mi).clone()
}
