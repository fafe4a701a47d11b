//! Each page's template and context, built from the restricted log through the
//! per-mentorship [`Lookup`]s. One function per page kind; each adds only what its
//! template shows, so that a page's cost follows its own size, not the log's.

use super::flat::flat_view;
use std::path::Path;

use serde::Serialize;
use tera::Context;

use crate::config::SiteConfig;
use crate::content::doc::{GoalStatus, MentorshipStatus, Visibility};
use crate::content::markdown::{self, RenderOptions, Target};
use crate::diagnostic::Diagnostic;
use crate::history::link::{item_key, resolve_note_path};
use crate::history::{Goal, Mentorship, Recurring, Session};

use super::context::*;
use super::html::{self, Fit};
use super::lookup::Lookup;
use super::{Env, Job, Renderer, svg};

/// The template and context of a page job (everything but the search index, `log.json`
/// and the sitemap).
pub(super) fn page(env: &Env<'_>, job: Job) -> (&'static str, Context) {
    match job {
        Job::SiteIndex => site_index(env),
        Job::NotFound => {
            let mut ctx = env.site_ctx.clone();
            ctx.insert(
                "page",
                &info("404", "", "/404.html", env.t.text("title.not_found")),
            );
            ("404.html", ctx)
        }
        Job::Search => {
            let mut ctx = env.site_ctx.clone();
            ctx.insert(
                "page",
                &info("search", "search", "/search/", env.t.text("title.search")),
            );
            ("search.html", ctx)
        }
        Job::Feed => feed(env),
        Job::Home(mi) => home(env, mi),
        Job::Sessions(mi) => sessions(env, mi),
        Job::Goals(mi) => goals(env, mi),
        Job::Goal(mi, i) => goal(env, mi, i),
        Job::Recurring(mi) => recurring(env, mi),
        Job::Backlog(mi) => backlog(env, mi),
        Job::People(mi) => people(env, mi),
        Job::Person(mi, i) => person(env, mi, i),
        Job::Tags(mi) => tags(env, mi),
        Job::Tag(mi, i) => tag(env, mi, i),
        Job::Next(mi) => super::next::page(env, mi),
        // Rendered in parts: see `session` and `print`.
        Job::Session(..) | Job::Print(_) => ("404.html", env.site_ctx.clone()),
        // Not template pages; `Job::render` handles them.
        Job::SearchFile(_) | Job::LogJson | Job::Sitemap | Job::Calendar(_) => {
            ("404.html", env.site_ctx.clone())
        }
    }
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

/// `m`, on every page of a mentorship.
pub(super) fn mentorship_view<'a>(l: &Lookup<'a>, config: &SiteConfig) -> MentorshipView<'a> {
    let m = l.m;
    let open = m.goals.iter().filter(|g| g.open).count();
    let mut by_status: Vec<StatusCount> = GoalStatus::ALL
        .iter()
        .map(|&status| StatusCount {
            status,
            open: status.is_open(),
            count: 0,
        })
        .collect();
    for g in &m.goals {
        if let Some(c) = by_status.iter_mut().find(|c| c.status == g.status) {
            c.count += 1;
        }
    }
    let achieved = by_status
        .iter()
        .find(|c| c.status == GoalStatus::Achieved)
        .map_or(0, |c| c.count);
    let urls = l.urls.clone();
    let mut nav = vec![
        NavItem {
            key: "home",
            title: "Overview",
            url: urls.home.clone(),
        },
        NavItem {
            key: "next",
            title: "Next session",
            url: urls.next.clone(),
        },
        NavItem {
            key: "sessions",
            title: "Sessions",
            url: urls.sessions.clone(),
        },
        NavItem {
            key: "goals",
            title: "Goals",
            url: urls.goals.clone(),
        },
        NavItem {
            key: "recurring",
            title: "Recurring",
            url: urls.recurring.clone(),
        },
        NavItem {
            key: "backlog",
            title: "Backlog",
            url: urls.backlog.clone(),
        },
        NavItem {
            key: "people",
            title: "People",
            url: urls.people.clone(),
        },
    ];
    nav.push(NavItem {
        key: "tags",
        title: "Tags",
        url: urls.tags.clone(),
    });
    if config.search.enabled {
        nav.push(NavItem {
            key: "search",
            title: "Search",
            url: "/search/".to_owned(),
        });
    }
    let person = |name: &str, role: Option<&String>| PersonLink {
        name: name.to_owned(),
        url: l.person_url(name).map(str::to_owned),
        role: role.cloned(),
    };
    MentorshipView {
        front: &m.front,
        url: &m.url,
        slug: &m.slug,
        visibility: m.own_visibility,
        counts: Counts {
            sessions: m.sessions.len(),
            goals: m.goals.len(),
            open_goals: open,
            achieved,
            closed_other: m.goals.len() - open - achieved,
            overdue: m.goals.iter().filter(|g| g.overdue).count(),
            recurring_weaknesses: m.weaknesses.iter().filter(|w| w.recurring).count(),
            recurring_strengths: m.strengths.iter().filter(|w| w.recurring).count(),
            backlog_changes: m.backlog.len(),
            backlog_items: m.backlog_items.len(),
            people: m.people.len(),
            tags: m.tags.len(),
            by_status,
        },
        as_of: m.as_of.map(|d| d.to_string()),
        as_of_long: m.as_of.map(crate::date::Date::long),
        started_long: m.front.started.long(),
        ended_long: m.front.ended.map(crate::date::Date::long),
        ends_long: m.front.ends.map(crate::date::Date::long),
        urls,
        nav,
        mentor_links: m
            .front
            .mentors
            .iter()
            .map(|x| person(&x.name, x.role.as_ref()))
            .collect(),
        member_links: m.front.members.iter().map(|x| person(x, None)).collect(),
        repo_url: m.front.repo.as_deref().and_then(web_url),
    }
}

/// Renders a note's body to HTML that fits its place in the page.
fn body_html(env: &Env<'_>, l: &Lookup<'_>, note_url: &str, body: &str, fit: Fit<'_>) -> String {
    if body.trim().is_empty() {
        return String::new();
    }
    let from = env
        .note_by_url
        .get(note_url)
        .copied()
        .unwrap_or(Path::new(""));
    let base = env.base.as_str();
    let resolve = |t: &Target| match t {
        Target::Goal(id) => l.goal(id).map(|g| format!("{base}{}", g.url)),
        Target::Note { path, fragment } => {
            let url = env.log.note_urls.get(&resolve_note_path(from, path)?)?;
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

fn base_ctx(env: &Env<'_>, mi: usize) -> Context {
    env.bases[mi].clone()
}

// ---------------------------------------------------------------------------------------
// Home

#[derive(Serialize)]
struct OutcomeView<'a> {
    /// Goals achieved.
    achieved: Vec<Shared>,
    /// Goals closed partly done.
    partial: Vec<Shared>,
    /// Goals missed, dropped or superseded.
    not_achieved: Vec<Shared>,
    /// Goals still open when it ended.
    still_open: Vec<Shared>,
    /// Weaknesses that stopped recurring once a goal addressing them was achieved.
    resolved: Vec<LinkView>,
    /// Weaknesses still named in the latest session.
    remaining: Vec<LinkView>,
    /// The last reflection on the mentorship.
    closing: Option<ReflectionView<'a>>,
}

fn home(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let mut ctx = base_ctx(env, mi);
    let latest = m.sessions.last();
    ctx.insert("latest", &l.latest_summary());
    ctx.insert(
        "latest_goals",
        &latest.map_or_else(Vec::new, |s| session_goals(l, s)),
    );
    let recent: Vec<_> = (0..m.sessions.len())
        .rev()
        .take(RECENT)
        .map(|i| l.summary(i))
        .collect();
    ctx.insert("recent_sessions", &recent);
    ctx.insert("open_goals", &goal_groups(l, true));
    ctx.insert("between", &super::next::between(l));
    ctx.insert("follow_through", &super::follow_through::view(l, "", env.t));
    ctx.insert("timeline", &timeline_view(l, "", env.t));
    let reflections = reflections(l);
    ctx.insert("reflections", &reflections);
    let top: Vec<_> = m
        .weaknesses
        .iter()
        .enumerate()
        .filter(|(_, w)| w.recurring)
        .take(5)
        .map(|(i, w)| grid_row(l, w, &l.weakness_anchor[i], &[]))
        .collect();
    ctx.insert("top_weaknesses", &top);
    let ended = m.front.status == MentorshipStatus::Ended || m.front.ended.is_some();
    ctx.insert("outcome", &ended.then(|| outcome(l, &reflections)));
    ctx.insert(
        "agreement_html",
        &body_html(
            env,
            l,
            &m.url,
            &m.body,
            Fit {
                base_level: 3,
                id_prefix: None,
                place: "the agreement",
            },
        ),
    );
    let page = withheld(
        info("home", "home", &m.url, &m.front.title),
        m.own_visibility,
        env,
    );
    ctx.insert("page", &page);
    ("index.html", ctx)
}

/// Sessions listed on the home page.
const RECENT: usize = 8;

fn reflections<'a>(l: &Lookup<'a>) -> Vec<ReflectionView<'a>> {
    l.m.sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.front.reflection.is_some() || s.front.direction.is_some())
        .map(|(i, s)| ReflectionView {
            session: l.session_ref(i),
            reflection: s.front.reflection.as_deref(),
            direction: s.front.direction,
        })
        .collect()
}

fn outcome<'a>(l: &Lookup<'a>, reflections: &[ReflectionView<'a>]) -> OutcomeView<'a> {
    let m = l.m;
    let pick = |f: &dyn Fn(GoalStatus) -> bool| -> Vec<Shared> {
        m.goals
            .iter()
            .filter(|g| f(g.status))
            .map(|g| l.goal_link(g))
            .collect()
    };
    let last = m.sessions.len().saturating_sub(1);
    let link = |i: usize, w: &Recurring| LinkView {
        title: w.text.clone(),
        url: l.weakness_url(i),
    };
    OutcomeView {
        achieved: pick(&|s| s == GoalStatus::Achieved),
        partial: pick(&|s| s == GoalStatus::Partial),
        not_achieved: pick(&|s| {
            matches!(
                s,
                GoalStatus::Missed | GoalStatus::Dropped | GoalStatus::Superseded
            )
        }),
        still_open: pick(&GoalStatus::is_open),
        resolved: m
            .weaknesses
            .iter()
            .enumerate()
            .filter(|(_, w)| w.stopped_after_achieved == Some(true))
            .map(|(i, w)| link(i, w))
            .collect(),
        remaining: m
            .weaknesses
            .iter()
            .enumerate()
            .filter(|(_, w)| !m.sessions.is_empty() && w.last == last)
            .map(|(i, w)| link(i, w))
            .collect(),
        closing: reflections
            .iter()
            .rev()
            .find(|r| r.reflection.is_some())
            .cloned(),
    }
}

fn timeline_view(
    l: &Lookup<'_>,
    id_prefix: &str,
    t: &super::i18n::Translations,
) -> Option<TimelineView> {
    let m = l.m;
    let goals = svg::timeline_goals(m);
    let svg = svg::timeline(m, &goals, id_prefix, t)?;
    let rows = goals
        .iter()
        .map(|&gi| {
            let g = &m.goals[gi];
            TimelineRow {
                goal: l.goal_link(g),
                introduced: l.session_ref(g.introduced),
                closed: g.closed.map(|c| l.session_ref(c)),
                sessions_open: g.sessions_open,
                days_open: g.days_open,
            }
        })
        .collect();
    let legend = [
        (GoalStatus::Achieved, "achieved: a circle"),
        (GoalStatus::Partial, "partial: a diamond"),
        (GoalStatus::Missed, "missed: a cross"),
        (GoalStatus::Dropped, "dropped: a square"),
        (GoalStatus::Superseded, "superseded: a triangle"),
        (GoalStatus::Active, "still open: an arrow"),
    ]
    .into_iter()
    .map(|(status, label)| LegendEntry {
        status: status.as_str(),
        mark: svg::legend_mark(status),
        label,
    })
    .collect();
    Some(TimelineView {
        svg,
        rows,
        shown: goals.len(),
        total: m.goals.len(),
        legend,
    })
}

// ---------------------------------------------------------------------------------------
// Sessions

fn sessions(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let mut ctx = base_ctx(env, mi);
    let list: Vec<_> = (0..l.m.sessions.len()).map(|i| l.summary(i)).collect();
    ctx.insert("sessions", &list);
    ctx.insert(
        "page",
        &info(
            "sessions",
            "sessions",
            &l.urls.sessions,
            env.t.text("title.sessions"),
        ),
    );
    ("sessions.html", ctx)
}

flat_view! {
    struct SessionView<'a> {
        ..summary: SessionSummary<'a>,
        /// The note, relative to the site root.
        source: &'a str,
        /// The retrospective notes, as written.
        retro: Option<&'a str>,
        /// The same, when it is a web address.
        retro_url: Option<String>,
        attendees: Vec<PersonLink>,
        mentors: Vec<PersonLink>,
        strengths: Vec<StrengthView<'a>>,
        weaknesses: Vec<WeaknessView<'a>>,
        questions: Vec<QuestionView<'a>>,
        goals: Vec<SessionGoalView<'a>>,
        backlog: Vec<Shared>,
        reflection: Option<&'a str>,
        next_date: Option<String>,
        next_date_iso: Option<String>,
        tag_links: Vec<TagLink>,
        extra: &'a Option<serde_json::Value>,
        body_html: String,
        prev: Option<Shared>,
        next: Option<Shared>,
    }
}

/// A session, rendered once for its page and for the print page: `session_sections.html`
/// is rendered a single time and nested into the print page by [`html::nest`].
pub(super) struct RenderedSession<'a> {
    /// `session.html`, when asked for.
    pub page: Option<Vec<u8>>,
    /// Its part of the print page, when asked for.
    pub print: Option<PrintSession<'a>>,
}

/// Renders session `i` of mentorship `mi`: its page if `page`, its print-page part if
/// `print`.
pub(super) fn session<'a>(
    env: &'a Env<'_>,
    mi: usize,
    i: usize,
    renderer: &Renderer,
    page: bool,
    print: bool,
) -> Result<RenderedSession<'a>, Diagnostic> {
    let l = &env.lookups[mi];
    let s = &l.m.sessions[i];
    let view = session_view(env, l, i);
    let mut ctx = base_ctx(env, mi);
    ctx.insert("session", &view);
    let info = withheld(
        info("session", "sessions", &s.url, &s.title),
        s.visibility,
        env,
    );
    ctx.insert("page", &info);
    ctx.insert("hl", &2);
    ctx.insert("idp", "");
    let sections = renderer.render("session_sections.html", &ctx)?;
    let print = if print {
        let mut part = base_ctx(env, mi);
        let prefix = format!("s{}-", s.number);
        part.insert("session", &l.summary(i));
        part.insert("sections_html", &html::nest(&sections, &prefix));
        part.insert("page", &print_info(env, mi));
        Some(PrintSession {
            number: s.number,
            title: &s.title,
            url: &s.url,
            date: s.front.date.to_string(),
            html: tera::Value::from(renderer.render("print_session.html", &part)?),
        })
    } else {
        None
    };
    let page = if page {
        ctx.insert("sections_html", &sections);
        env.add_nav(renderer, Some(mi), &mut ctx)?;
        Some(renderer.render_bytes("session.html", &ctx)?)
    } else {
        None
    };
    Ok(RenderedSession { page, print })
}

fn session_goals<'a>(l: &Lookup<'a>, s: &'a Session) -> Vec<SessionGoalView<'a>> {
    s.goal_changes
        .iter()
        .map(|g| {
            let (owner, owners) = owner_links(l, g.owner.as_ref());
            SessionGoalView {
                change: g,
                owner,
                owners,
                replaced_by: g
                    .superseded_by
                    .as_deref()
                    .and_then(|id| l.goal(id))
                    .map(|g| l.goal_link(g)),
            }
        })
        .collect()
}

fn tag_links(l: &Lookup<'_>, tags: &[String]) -> Vec<TagLink> {
    tags.iter()
        .map(|t| TagLink {
            name: t.clone(),
            url: l.tag_url(t).map(str::to_owned),
        })
        .collect()
}

/// The next meeting a note announces, unless it is the date of a withheld session (see
/// [`Mentorship::announced_meeting`]).
fn next_meeting(m: &Mentorship, next: Option<crate::date::Date>) -> Option<crate::date::Date> {
    m.announced_meeting(next)
}

/// `log` with every announced next meeting that was withheld (see [`next_meeting`])
/// removed, for `log.json`; `None` when there is none.
pub(super) fn without_withheld_meetings(log: &crate::history::Log) -> Option<crate::history::Log> {
    let hidden = |m: &Mentorship, s: &Session| {
        s.front.next.is_some() && next_meeting(m, s.front.next).is_none()
    };
    if !log
        .mentorships
        .iter()
        .any(|m| m.sessions.iter().any(|s| hidden(m, s)))
    {
        return None;
    }
    let mut out = log.clone();
    for (m, original) in out.mentorships.iter_mut().zip(&log.mentorships) {
        for (s, o) in m.sessions.iter_mut().zip(&original.sessions) {
            if hidden(original, o) {
                std::sync::Arc::make_mut(&mut s.front).next = None;
            }
        }
    }
    Some(out)
}

/// How many goals addressing a weakness a session page names (the rest are counted).
const ADDRESSED_SHOWN: usize = 5;

/// How many of `r`'s occurrences are in sessions up to `i`.
fn seen_until(r: &Recurring, i: usize) -> usize {
    r.occurrences.partition_point(|o| o.session <= i)
}

fn session_view<'a>(env: &Env<'_>, l: &Lookup<'a>, i: usize) -> SessionView<'a> {
    let m = l.m;
    let s = &m.sessions[i];
    let f = &s.front;
    let person = |name: &String| PersonLink {
        name: name.clone(),
        url: l.person_url(name).map(str::to_owned),
        role: None,
    };
    let weaknesses = f
        .weaknesses
        .iter()
        .enumerate()
        .map(|(rank, w)| {
            let wi = l.weakness(&item_key(w.id.as_deref(), &w.text));
            let r = wi.map(|wi| &m.weaknesses[wi]);
            let seen = r.map_or(1, |r| seen_until(r, i));
            // A few of the goals addressing it, those live at this session first (then
            // those that came later, then those closed before): a weakness named for years
            // may have hundreds; the recurring page lists them all.
            let mut goals: Vec<&Goal> = r
                .map(|r| r.addressed_by.iter().filter_map(|id| l.goal(id)).collect())
                .unwrap_or_default();
            goals.sort_by_key(|g| {
                let when = if g.introduced > i {
                    1
                } else if g.closed.is_some_and(|c| c < i) {
                    2
                } else {
                    0
                };
                (when, g.introduced)
            });
            let addressed_more = goals.len().saturating_sub(ADDRESSED_SHOWN);
            let live: Vec<Shared> = goals
                .into_iter()
                .take(ADDRESSED_SHOWN)
                .map(|g| l.goal_link(g))
                .collect();
            WeaknessView {
                rank: rank + 1,
                id: w.id.as_deref(),
                text: &w.text,
                impact: w.impact,
                tags: tag_links(l, &w.tags),
                seen,
                recurring: seen > 1,
                url: wi.map(|wi| l.weakness_url(wi)),
                addressed_by: live,
                addressed_more,
            }
        })
        .collect();
    let strengths = f
        .strengths
        .iter()
        .map(|x| {
            let si = l.strength(&item_key(x.id.as_deref(), &x.text));
            let seen = si.map_or(1, |si| seen_until(&m.strengths[si], i));
            StrengthView {
                text: &x.text,
                url: si.map(|si| l.strength_url(si)),
                seen,
                recurring: seen > 1,
            }
        })
        .collect();
    let questions = f
        .questions
        .iter()
        .map(|q| QuestionView {
            text: &q.text,
            addresses: q
                .addresses
                .0
                .iter()
                .filter_map(|a| {
                    l.weakness(a.trim())
                        .or_else(|| l.weakness(&item_key(None, a)))
                })
                .map(|wi| LinkView {
                    title: m.weaknesses[wi].text.clone(),
                    url: l.weakness_url(wi),
                })
                .collect(),
            answered: q.is_answered(),
            answer: q.answer.as_deref(),
        })
        .collect();
    // Named after the session: the print page holds every session's notes.
    let place = format!("the notes of session {}", s.number);
    SessionView {
        summary: SessionSummary::of(s),
        source: &s.source,
        retro: f.retro.as_deref(),
        retro_url: f.retro.as_deref().and_then(web_url),
        attendees: f.attendees.iter().map(person).collect(),
        mentors: s.mentors.iter().map(person).collect(),
        strengths,
        weaknesses,
        questions,
        goals: session_goals(l, s),
        backlog: l.backlog_by_session[i]
            .iter()
            .map(|&b| l.backlog_change(b))
            .collect(),
        reflection: f.reflection.as_deref(),
        next_date: next_meeting(m, f.next).map(crate::date::Date::long),
        next_date_iso: next_meeting(m, f.next).map(|d| d.to_string()),
        tag_links: tag_links(l, &f.tags),
        extra: &f.extra,
        body_html: body_html(
            env,
            l,
            &s.url,
            &s.body,
            Fit {
                base_level: 3,
                id_prefix: None,
                place: &place,
            },
        ),
        prev: s.prev.map(|p| l.session_ref(p)),
        next: s.next.map(|n| l.session_ref(n)),
    }
}

// ---------------------------------------------------------------------------------------
// Goals

fn goals(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let mut ctx = base_ctx(env, mi);
    let groups = goal_groups(l, false);
    let (open, closed): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.open);
    ctx.insert("open_groups", &open);
    ctx.insert("closed_groups", &closed);
    ctx.insert(
        "page",
        &info("goals", "goals", &l.urls.goals, env.t.text("title.goals")),
    );
    ("goals.html", ctx)
}

flat_view! {
    struct GoalView<'a> {
        ..summary: GoalSummary<'a>,
        events: Vec<GoalEventView<'a>>,
        superseded_by: Option<Shared>,
        supersedes: Vec<Shared>,
        /// The whole supersession chain, oldest first, this goal included; empty when the goal
        /// neither replaced nor was replaced.
        chain: Vec<ChainLink<'a>>,
        addresses: Vec<AddressedView<'a>>,
        backlog: Vec<Shared>,
    }
}

fn goal(env: &Env<'_>, mi: usize, i: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let g = &m.goals[i];
    let mut ctx = base_ctx(env, mi);
    let view = GoalView {
        summary: GoalSummary::of(l, g),
        events: g
            .events
            .iter()
            .map(|e| {
                let (owner, owners) = owner_links(l, e.owner.as_ref());
                GoalEventView {
                    event: e,
                    owner,
                    owners,
                    session: l.session_ref(e.session),
                }
            })
            .collect(),
        superseded_by: g
            .superseded_by
            .as_deref()
            .and_then(|id| l.goal(id))
            .map(|g| l.goal_link(g)),
        supersedes: g
            .supersedes
            .iter()
            .filter_map(|id| l.goal(id))
            .map(|g| l.goal_link(g))
            .collect(),
        chain: chain(l, i),
        addresses: g
            .addresses
            .iter()
            .filter_map(|k| l.weakness(k))
            .map(|wi| {
                let r = &m.weaknesses[wi];
                AddressedView {
                    key: &r.key,
                    slug: &l.weakness_anchor[wi],
                    url: l.weakness_url(wi),
                    text: &r.text,
                    count: r.count,
                    first: l.session_ref(r.first),
                    last: l.session_ref(r.last),
                    stopped_after_achieved: r.stopped_after_achieved,
                }
            })
            .collect(),
        backlog: g.backlog.iter().map(|&b| l.backlog_change(b)).collect(),
    };
    ctx.insert("goal", &view);
    let visibility = m.sessions[g.introduced].visibility;
    let page = withheld(info("goal", "goals", &g.url, &g.text), visibility, env);
    ctx.insert("page", &page);
    ("goal.html", ctx)
}

/// The goals `i` replaced (transitively, oldest first), `i`, then the goals that replaced
/// it in turn. Cycles cannot loop: each goal is visited once.
fn chain<'a>(l: &Lookup<'a>, i: usize) -> Vec<ChainLink<'a>> {
    let m = l.m;
    let g = &m.goals[i];
    if g.superseded_by.is_none() && g.supersedes.is_empty() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::from([g.id.as_str()]);
    // Back: breadth first over `supersedes`, nearest first.
    let mut back: Vec<(i64, &'a crate::history::Goal)> = Vec::new();
    let mut frontier: Vec<&'a crate::history::Goal> = vec![g];
    let mut step = 0;
    while !frontier.is_empty() {
        step -= 1;
        let mut next = Vec::new();
        for f in frontier {
            for id in &f.supersedes {
                if let Some(p) = l.goal(id)
                    && seen.insert(p.id.as_str())
                {
                    back.push((step, p));
                    next.push(p);
                }
            }
        }
        frontier = next;
    }
    back.sort_by_key(|(s, p)| (*s, p.introduced));
    let mut out: Vec<ChainLink<'a>> = back
        .into_iter()
        .map(|(step, p)| ChainLink {
            goal: GoalLink::of(p),
            step,
            current: false,
        })
        .collect();
    out.push(ChainLink {
        goal: GoalLink::of(g),
        step: 0,
        current: true,
    });
    // On: follow `superseded_by`.
    let mut at = g;
    let mut step = 0;
    while let Some(n) = at.superseded_by.as_deref().and_then(|id| l.goal(id)) {
        if !seen.insert(n.id.as_str()) {
            break;
        }
        step += 1;
        out.push(ChainLink {
            goal: GoalLink::of(n),
            step,
            current: false,
        });
        at = n;
    }
    out
}

// ---------------------------------------------------------------------------------------
// Recurring

/// Sessions shown as columns of the recurring grid: the latest ones.
const GRID_COLUMNS: usize = 40;

#[derive(Serialize)]
struct GridView<'a> {
    columns: Vec<GridColumn<'a>>,
    /// Whether older sessions were left out of the grid.
    truncated: bool,
    weaknesses: Vec<GridRow<'a>>,
    strengths: Vec<GridRow<'a>>,
    weaknesses_once: Vec<GridRow<'a>>,
    strengths_once: Vec<GridRow<'a>>,
}

fn grid_row<'a>(
    l: &Lookup<'a>,
    r: &'a Recurring,
    anchor: &'a str,
    columns: &[usize],
) -> GridRow<'a> {
    let m = l.m;
    let mut cells = Vec::with_capacity(columns.len());
    let mut occ = r.occurrences.iter().peekable();
    for &c in columns {
        while occ.peek().is_some_and(|o| o.session < c) {
            occ.next();
        }
        let here = occ.peek().filter(|o| o.session == c);
        cells.push(GridCell {
            seen: here.is_some(),
            rank: here.map(|o| o.rank),
            impact: here.and_then(|o| o.impact),
        });
    }
    GridRow {
        anchor,
        key: &r.key,
        text: &r.text,
        count: r.count,
        recurring: r.recurring,
        first: l.session_ref(r.first),
        last: l.session_ref(r.last),
        current: r.last + 1 == m.sessions.len(),
        worst_impact: r.occurrences.iter().filter_map(|o| o.impact).min(),
        addressed_by: r
            .addressed_by
            .iter()
            .filter_map(|id| l.goal(id))
            .map(|g| l.goal_link(g))
            .collect(),
        stopped_after_achieved: r.stopped_after_achieved,
        tags: tag_links(l, &r.tags),
        cells,
    }
}

fn grid_rows<'a>(
    l: &'a Lookup<'a>,
    items: &'a [Recurring],
    anchors: &'a [String],
    recurring: bool,
    columns: &[usize],
) -> Vec<GridRow<'a>> {
    items
        .iter()
        .zip(anchors)
        .filter(|(r, _)| r.recurring == recurring)
        .map(|(r, a)| grid_row(l, r, a, if recurring { columns } else { &[] }))
        .collect()
}

fn recurring(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let start = m.sessions.len().saturating_sub(GRID_COLUMNS);
    let columns: Vec<usize> = (start..m.sessions.len()).collect();
    let rows = |items, anchors, recurring| grid_rows(l, items, anchors, recurring, &columns);
    let mut ctx = base_ctx(env, mi);
    let grid = GridView {
        columns: columns
            .iter()
            .map(|&c| {
                let s = &m.sessions[c];
                GridColumn {
                    number: s.number,
                    title: &s.title,
                    url: &s.url,
                    date: s.front.date.to_string(),
                }
            })
            .collect(),
        truncated: start > 0,
        weaknesses: rows(&m.weaknesses, &l.weakness_anchor, true),
        strengths: rows(&m.strengths, &l.strength_anchor, true),
        weaknesses_once: rows(&m.weaknesses, &l.weakness_anchor, false),
        strengths_once: rows(&m.strengths, &l.strength_anchor, false),
    };
    ctx.insert("grid", &grid);
    ctx.insert(
        "page",
        &info(
            "recurring",
            "recurring",
            &l.urls.recurring,
            env.t.text("title.recurring"),
        ),
    );
    ("recurring.html", ctx)
}

// ---------------------------------------------------------------------------------------
// Backlog

#[derive(Serialize)]
struct BacklogSession {
    session: Shared,
    /// Backlog views, made into template values once for the log and the items.
    changes: Vec<tera::Value>,
}

#[derive(Serialize)]
struct BacklogItemView<'a> {
    anchor: &'a str,
    item: &'a str,
    /// The repository's issue, when it is a web address.
    issue_url: Option<String>,
    changes: Vec<tera::Value>,
    /// The goals its changes served.
    goals: Vec<Shared>,
}

fn backlog(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let log: Vec<BacklogSession> = l
        .backlog_by_session
        .iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(si, list)| BacklogSession {
            session: l.summary(si),
            changes: list.iter().map(|&b| l.backlog_change(b)).collect(),
        })
        .collect();
    let items: Vec<BacklogItemView<'_>> = m
        .backlog_items
        .iter()
        .enumerate()
        .map(|(ii, it)| {
            let mut goals: Vec<&Goal> = Vec::new();
            for &c in &it.changes {
                if let Some(g) = m.backlog[c].goal.as_deref().and_then(|id| l.goal(id))
                    && !goals.iter().any(|x| x.id == g.id)
                {
                    goals.push(g);
                }
            }
            let goals = goals.into_iter().map(|g| l.goal_link(g)).collect();
            BacklogItemView {
                anchor: &l.item_anchor[ii],
                item: &it.item,
                issue_url: it.item_url.as_deref().and_then(web_url),
                changes: it.changes.iter().map(|&c| l.backlog_change(c)).collect(),
                goals,
            }
        })
        .collect();
    let mut ctx = base_ctx(env, mi);
    ctx.insert("log", &log);
    ctx.insert("items", &items);
    ctx.insert(
        "page",
        &info(
            "backlog",
            "backlog",
            &l.urls.backlog,
            env.t.text("title.backlog"),
        ),
    );
    ("backlog.html", ctx)
}

// ---------------------------------------------------------------------------------------
// People and tags

#[derive(Serialize)]
struct PersonSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    mentor: bool,
    member: bool,
    /// A mentor's role, from `mentorship.md`.
    role: Option<&'a str>,
    sessions: usize,
    goals: usize,
    open_goals: usize,
    first: Option<Shared>,
    last: Option<Shared>,
}

fn person_summary<'a>(l: &'a Lookup<'a>, pi: usize) -> PersonSummary<'a> {
    let m = l.m;
    let p = &m.people[pi];
    PersonSummary {
        name: &p.name,
        slug: &p.slug,
        url: &l.person_url[pi],
        mentor: p.mentor,
        member: p.member,
        role: m
            .front
            .mentors
            .iter()
            .find(|x| x.name.trim() == p.name)
            .and_then(|x| x.role.as_deref()),
        sessions: p.sessions.len(),
        goals: p.goals.len(),
        open_goals: p
            .goals
            .iter()
            .filter_map(|id| l.goal(id))
            .filter(|g| g.open)
            .count(),
        first: p.sessions.first().map(|&s| l.session_ref(s)),
        last: p.sessions.last().map(|&s| l.session_ref(s)),
    }
}

fn people(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let list: Vec<_> = (0..l.m.people.len())
        .map(|i| person_summary(l, i))
        .collect();
    let mut ctx = base_ctx(env, mi);
    ctx.insert("people", &list);
    ctx.insert(
        "page",
        &info(
            "people",
            "people",
            &l.urls.people,
            env.t.text("title.people"),
        ),
    );
    ("people.html", ctx)
}

flat_view! {
    struct PersonView<'a> {
        ..summary: PersonSummary<'a>,
        /// Sessions attended, in order.
        attended: Vec<Shared>,
        /// Goals owned now, with their statuses.
        owned: Vec<GoalSummary<'a>>,
    }
}

fn person(env: &Env<'_>, mi: usize, pi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let p = &m.people[pi];
    let view = PersonView {
        summary: person_summary(l, pi),
        attended: p.sessions.iter().map(|&s| l.summary(s)).collect(),
        owned: p
            .goals
            .iter()
            .filter_map(|id| l.goal(id))
            .map(|g| GoalSummary::of(l, g))
            .collect(),
    };
    let mut ctx = base_ctx(env, mi);
    ctx.insert("person", &view);
    ctx.insert(
        "page",
        &info("person", "people", &l.person_url[pi], &p.name),
    );
    ("person.html", ctx)
}

#[derive(Serialize)]
struct TagSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    sessions: usize,
    last: Option<Shared>,
}

fn tags(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let list: Vec<_> = m
        .tags
        .iter()
        .enumerate()
        .map(|(ti, t)| TagSummary {
            name: &t.name,
            slug: &t.slug,
            url: &l.tag_url[ti],
            sessions: t.sessions.len(),
            last: t.sessions.last().map(|&s| l.session_ref(s)),
        })
        .collect();
    let mut ctx = base_ctx(env, mi);
    ctx.insert("tags", &list);
    ctx.insert(
        "page",
        &info("tags", "tags", &l.urls.tags, env.t.text("title.tags")),
    );
    ("tags.html", ctx)
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    sessions: Vec<Shared>,
    /// Weaknesses given this tag.
    weaknesses: Vec<LinkView>,
}

fn tag(env: &Env<'_>, mi: usize, ti: usize) -> (&'static str, Context) {
    let l = &env.lookups[mi];
    let m = l.m;
    let t = &m.tags[ti];
    let view = TagView {
        name: &t.name,
        slug: &t.slug,
        url: &l.tag_url[ti],
        sessions: t.sessions.iter().map(|&s| l.summary(s)).collect(),
        weaknesses: m
            .weaknesses
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                w.tags
                    .iter()
                    .any(|x| crate::content::markdown::slug(x) == t.slug)
            })
            .map(|(wi, w)| LinkView {
                title: w.text.clone(),
                url: l.weakness_url(wi),
            })
            .collect(),
    };
    let mut ctx = base_ctx(env, mi);
    ctx.insert("tag", &view);
    ctx.insert(
        "page",
        &info(
            "tag",
            "tags",
            &l.tag_url[ti],
            &env.t.format("title.tag", None, &[("name", &t.name)]),
        ),
    );
    ("tag.html", ctx)
}

// ---------------------------------------------------------------------------------------
// Print

/// A session of the print page, rendered by `print_session.html`.
#[derive(Serialize)]
pub(super) struct PrintSession<'a> {
    number: usize,
    title: &'a str,
    url: &'a str,
    date: String,
    /// The session in full, as HTML: already a template value, so that the print page's
    /// context shares it instead of copying every session (a long log's print page is
    /// tens of megabytes).
    html: tera::Value,
}

/// The print page's `page`.
fn print_info(env: &Env<'_>, mi: usize) -> PageInfo {
    let l = &env.lookups[mi];
    let title = env
        .t
        .format("title.print", None, &[("title", &l.m.front.title)]);
    info("print", "print", &l.urls.print, &title)
}

/// The print page: every session is rendered on its own (in parallel) by [`session`],
/// which renders its page at the same time when `wants_page` says so and hands it to
/// `give_page`; then `print.html` puts the parts together.
pub(super) fn print(
    env: &Env<'_>,
    mi: usize,
    renderer: &Renderer,
    wants_page: &(dyn Fn(usize) -> bool + Sync),
    give_page: &(dyn Fn(usize, Vec<u8>) + Sync),
) -> Result<(&'static str, Context), Diagnostic> {
    use rayon::prelude::*;
    let l = &env.lookups[mi];
    let m = l.m;
    let page = print_info(env, mi);
    let sessions = (0..m.sessions.len())
        .into_par_iter()
        .map(|i| {
            let done = session(env, mi, i, renderer, wants_page(i), true)?;
            if let Some(bytes) = done.page {
                give_page(i, bytes);
            }
            Ok(done.print)
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    let sessions: Vec<_> = sessions.into_iter().flatten().collect();
    let mut ctx = base_ctx(env, mi);
    ctx.insert("sessions", &sessions);
    ctx.insert("groups", &goal_groups(l, false));
    ctx.insert("timeline", &timeline_view(l, "print_", env.t));
    ctx.insert("reflections", &reflections(l));
    let weak: Vec<_> = m
        .weaknesses
        .iter()
        .zip(&l.weakness_anchor)
        .filter(|(w, _)| w.recurring)
        .map(|(w, a)| grid_row(l, w, a, &[]))
        .collect();
    ctx.insert("recurring_weaknesses", &weak);
    ctx.insert(
        "agreement_html",
        &body_html(
            env,
            l,
            &m.url,
            &m.body,
            Fit {
                base_level: 3,
                id_prefix: Some("agreement-"),
                place: "the agreement",
            },
        ),
    );
    ctx.insert("page", &page);
    Ok(("print.html", ctx))
}

// ---------------------------------------------------------------------------------------
// Site pages

#[derive(Serialize)]
struct MentorshipCard<'a> {
    title: &'a str,
    url: &'a str,
    mentee: &'a str,
    status: MentorshipStatus,
    started: String,
    started_long: String,
    ended: Option<String>,
    ended_long: Option<String>,
    counts: Counts,
    latest: Option<Shared>,
    tags: &'a [String],
}

fn site_index(env: &Env<'_>) -> (&'static str, Context) {
    let cards: Vec<_> = env
        .lookups
        .iter()
        .map(|l| {
            let m = l.m;
            let view = mentorship_view(l, env.config);
            MentorshipCard {
                title: &m.front.title,
                url: &m.url,
                mentee: &m.front.mentee,
                status: m.front.status,
                started: m.front.started.to_string(),
                started_long: m.front.started.long(),
                ended: m.front.ended.map(|d| d.to_string()),
                ended_long: m.front.ended.map(crate::date::Date::long),
                counts: view.counts,
                latest: l.latest_summary(),
                tags: &m.front.tags,
            }
        })
        .collect();
    let mut ctx = env.site_ctx.clone();
    ctx.insert("mentorships", &cards);
    ctx.insert("page", &info("index", "index", "/", &env.site.title));
    ("site_index.html", ctx)
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// The page, without the base path.
    url: &'a str,
    /// A permanent id: the absolute URL, or a `urn:` when the base URL has no host.
    id: String,
    /// The session's date, as an RFC 3339 timestamp at midnight UTC.
    updated: String,
    /// The mentorship's title.
    mentorship: &'a str,
    /// "Session 3 · mentoring · sprint 2 · 2 new, 1 updated, 1 closed goals".
    summary: String,
    /// The notes, as HTML.
    content_html: String,
}

#[derive(Serialize)]
struct FeedView<'a> {
    title: &'a str,
    id: String,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

fn timestamp(d: crate::date::Date) -> String {
    format!("{d}T00:00:00Z")
}

fn permanent_id(base_url: &str, url: &str) -> String {
    if base_url.contains("://") {
        format!("{}{url}", base_url.trim_end_matches('/'))
    } else {
        format!("urn:mentorlog:page:{}", url.trim_matches('/'))
    }
}

fn feed(env: &Env<'_>) -> (&'static str, Context) {
    let mut all: Vec<(usize, usize)> = env
        .lookups
        .iter()
        .enumerate()
        .flat_map(|(mi, l)| (0..l.m.sessions.len()).map(move |si| (mi, si)))
        .collect();
    let date = |&(mi, si): &(usize, usize)| env.lookups[mi].m.sessions[si].front.date;
    all.sort_by(|a, b| {
        date(b)
            .cmp(&date(a))
            .then(a.0.cmp(&b.0))
            .then(b.1.cmp(&a.1))
    });
    all.truncate(env.config.feed.limit);
    let entries: Vec<_> = all
        .iter()
        .map(|&(mi, si)| {
            let l = &env.lookups[mi];
            let s = &l.m.sessions[si];
            let sum = SessionSummary::of(s);
            let t = env.t;
            let number = s.number.to_string();
            let date = t.long_date(s.front.date);
            let mut summary = t.format(
                "feed.summary",
                None,
                &[("number", &number), ("date", &date)],
            );
            if let Some(sp) = &sum.sprint {
                summary.push_str(&t.format("feed.summary_sprint", None, &[("sprint", sp)]));
            }
            let counts =
                [sum.new_goals, sum.updated_goals, sum.closed_goals].map(|n| n.to_string());
            summary.push_str(&t.format(
                "feed.summary_goals",
                None,
                &[
                    ("new", &counts[0]),
                    ("updated", &counts[1]),
                    ("closed", &counts[2]),
                ],
            ));
            FeedEntry {
                title: &s.title,
                url: &s.url,
                id: permanent_id(&env.config.base_url, &s.url),
                updated: timestamp(s.front.date),
                mentorship: &l.m.front.title,
                summary,
                content_html: body_html(
                    env,
                    l,
                    &s.url,
                    &s.body,
                    Fit {
                        base_level: 2,
                        id_prefix: Some(&format!("s{}-", s.number)),
                        place: "the notes",
                    },
                ),
            }
        })
        .collect();
    let newest = all
        .first()
        .map(date)
        .or_else(|| env.lookups.iter().map(|l| l.m.front.started).max());
    let view = FeedView {
        title: &env.site.title,
        id: permanent_id(&env.config.base_url, "/"),
        updated: newest.map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), timestamp),
        entries,
    };
    let mut ctx = env.site_ctx.clone();
    ctx.insert("feed", &view);
    ctx.insert("page", &info("feed", "", "/feed.xml", &env.site.title));
    ("feed.xml", ctx)
}

#[derive(Serialize)]
struct SitemapUrl {
    /// The page, without the base path.
    url: String,
    /// YYYY-MM-DD: the session's date, or the latest session's.
    lastmod: Option<String>,
}

pub(super) fn sitemap(env: &Env<'_>, jobs: &[Job]) -> Context {
    let latest_of = |mi: usize| env.lookups[mi].m.as_of;
    let site_latest = env.lookups.iter().filter_map(|l| l.m.as_of).max();
    let urls: Vec<SitemapUrl> = jobs
        .iter()
        .filter_map(|&job| {
            let url = job.url(env.log)?;
            let lastmod = match job {
                Job::Session(mi, i) => Some(env.lookups[mi].m.sessions[i].front.date),
                _ => job.mentorship().map_or(site_latest, latest_of),
            };
            Some(SitemapUrl {
                url,
                lastmod: lastmod.map(|d| d.to_string()),
            })
        })
        .collect();
    let mut ctx = env.site_ctx.clone();
    ctx.insert("urls", &urls);
    ctx.insert("page", &info("sitemap", "", "/sitemap.xml", "Sitemap"));
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_absolute_or_urns() {
        assert_eq!(
            permanent_id("https://example.org/log/", "/sessions/a/"),
            "https://example.org/log/sessions/a/"
        );
        assert_eq!(
            permanent_id("/", "/sessions/a/"),
            "urn:mentorlog:page:sessions/a"
        );
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(
            web_url(" https://x.example/ ").as_deref(),
            Some("https://x.example/")
        );
    }

    #[test]
    fn impacts_order_high_first() {
        use crate::content::doc::Impact;
        assert!(Impact::High < Impact::Low);
    }
}
