//! `…/sessions/` and a session's page; a session's part of the print page is rendered
//! with it (see [`render`]).

use serde::Serialize;

use crate::content::doc::Impact;
use crate::diagnostic::Diagnostic;
use crate::history::{Goal, Recurring};

use super::super::context::{
    BacklogView, LinkView, PageInfo, PersonLink, SessionSummary, Shared, TagLink, web_url,
};
use super::super::flat::flat_view;
use super::super::html::Fit;
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::{SessionGoalView, session_goals, tag_links};
use super::print::{self, PrintSession};
use super::{base_ctx, body_html, info, native_page, withheld};

mod native;

pub(super) use native::print_part;

/// The list of mentorship `mi`'s sessions.
pub(super) fn list(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let page = info(
        "sessions",
        "sessions",
        &l.urls.sessions,
        env.t.text("title.sessions"),
    );
    if let Some(bytes) = native_page(env, renderer, mi, &page, 64 * 1024, |h| {
        native::list(h, &env.view(mi), &l.m.sessions);
    })? {
        return Ok(bytes);
    }
    let list: Vec<_> = (0..l.m.sessions.len()).map(|i| l.summary(i)).collect();
    let mut ctx = base_ctx(env, mi);
    ctx.insert("sessions", &list);
    ctx.insert("page", &page);
    super::finish(env, renderer, Some(mi), "sessions.html", ctx)
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
        backlog: Vec<BacklogView<'a>>,
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

/// Which parts of a session [`render`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Parts {
    /// Its page, `session.html`.
    Page,
    /// Its part of the print page, `print_session.html`.
    Print,
    /// Both, from one view and one render of its sections.
    PageAndPrint,
}

/// The page of session `i` of mentorship `mi`.
pub(super) fn page(
    env: &Env<'_>,
    mi: usize,
    i: usize,
    renderer: &Renderer,
) -> Result<Vec<u8>, Diagnostic> {
    Ok(render(env, mi, i, renderer, Parts::Page)?
        .page
        .unwrap_or_default())
}

/// Renders the `parts` of session `i` of mentorship `mi`.
pub(super) fn render<'a>(
    env: &'a Env<'_>,
    mi: usize,
    i: usize,
    renderer: &Renderer,
    parts: Parts,
) -> Result<RenderedSession<'a>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let s = &l.m.sessions[i];
    let view = session_view(env, l, i);
    let info = withheld(
        info("session", "sessions", &s.url, &s.title),
        s.visibility,
        env,
    );
    if let Some(done) = render_native(env, mi, i, renderer, parts, &view, &info)? {
        return Ok(done);
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("session", &view);
    ctx.insert("page", &info);
    ctx.insert("hl", &2);
    ctx.insert("idp", "");
    let sections = renderer.render("session_sections.html", &ctx)?;
    let print = if parts == Parts::Page {
        None
    } else {
        Some(print::session_part(env, mi, i, renderer, &sections)?)
    };
    let page = if parts != Parts::Print {
        ctx.insert("sections_html", &sections);
        env.add_nav(renderer, Some(mi), &mut ctx)?;
        Some(renderer.render_bytes("session.html", &ctx)?)
    } else {
        None
    };
    Ok(RenderedSession { page, print })
}

/// [`render`] by the built-in templates written in Rust (`render::native`), when they
/// are the site's; `None` when Tera is to render (another theme, or something the
/// templates would fail on).
fn render_native<'a>(
    env: &'a Env<'_>,
    mi: usize,
    i: usize,
    renderer: &Renderer,
    parts: Parts,
    view: &SessionView<'_>,
    info: &PageInfo,
) -> Result<Option<RenderedSession<'a>>, Diagnostic> {
    let Some(mut h) = renderer.native(8 * 1024) else {
        return Ok(None);
    };
    native::sections(&mut h, view, 2, "");
    let Some(sections) = h.finish() else {
        return Ok(None);
    };
    let page = if parts == Parts::Print {
        None
    } else {
        let page = native_page(env, renderer, mi, info, sections.len() + 8 * 1024, |h| {
            native::main(h, view, &sections);
        })?;
        let Some(page) = page else {
            return Ok(None);
        };
        Some(page)
    };
    let print = if parts == Parts::Page {
        None
    } else {
        Some(print::session_part(env, mi, i, renderer, &sections)?)
    };
    Ok(Some(RenderedSession { page, print }))
}

/// A strength as a session shows it.
#[derive(Debug, Clone, Serialize)]
struct StrengthView<'a> {
    /// Text.
    pub text: &'a str,
    /// Its row on the recurring page.
    pub url: Option<String>,
    /// Sessions it has been named in so far, this one included.
    pub seen: usize,
    /// Named in an earlier session.
    pub recurring: bool,
}

/// A weakness as a session shows it.
#[derive(Debug, Clone, Serialize)]
struct WeaknessView<'a> {
    /// Priority (1 = first).
    pub rank: usize,
    /// Its id, if any.
    pub id: Option<&'a str>,
    /// Text.
    pub text: &'a str,
    /// high, medium, low.
    pub impact: Option<Impact>,
    /// Tags.
    pub tags: Vec<TagLink>,
    /// Sessions it has been seen in so far, this one included.
    pub seen: usize,
    /// Seen in an earlier session.
    pub recurring: bool,
    /// Its row on the recurring page.
    pub url: Option<String>,
    /// Goals addressing it, at most five: those live at this session (introduced by
    /// then, not closed before it) first, then those introduced later, then those closed
    /// before.
    pub addressed_by: Vec<Shared>,
    /// How many more such goals there are (the recurring page lists them all).
    pub addressed_more: usize,
}

/// A question brought to the mentor.
#[derive(Debug, Clone, Serialize)]
struct QuestionView<'a> {
    /// The question.
    pub text: &'a str,
    /// The weaknesses it is about.
    pub addresses: Vec<LinkView>,
    /// Marked answered here (`answered: true`, or an `answer`).
    pub answered: bool,
    /// The answer, as written.
    pub answer: Option<&'a str>,
}

/// How many goals addressing a weakness a session page names (the rest are counted).
const ADDRESSED_SHOWN: usize = 5;

/// How many of `r`'s occurrences are in sessions up to `i`.
fn seen_until(r: &Recurring, i: usize) -> usize {
    r.occurrences.partition_point(|o| o.session <= i)
}

/// Session `i`'s weaknesses, each with how often it was seen so far and a few of the goals
/// addressing it.
fn weakness_views<'a>(l: &Lookup<'a>, i: usize) -> Vec<WeaknessView<'a>> {
    let m = l.m;
    let s = &m.sessions[i];
    s.front
        .weaknesses
        .iter()
        .zip(&s.weakness_keys)
        .enumerate()
        .map(|(rank, (w, key))| {
            let wi = l.weakness(key);
            let r = wi.map(|wi| &m.weaknesses[wi]);
            let seen = r.map_or(1, |r| seen_until(r, i));
            // A few of the goals addressing it, those live at this session first (then
            // those that came later, then those closed before), each kind by
            // introduction: a weakness named for years may have hundreds; the recurring
            // page lists them all.
            let goals: &[usize] = wi.map_or(&[], |wi| &l.addressing[wi]);
            let (before, later) =
                goals.split_at(goals.partition_point(|&g| m.goals[g].introduced <= i));
            let closed_before = |g: &&Goal| g.closed.is_some_and(|c| c < i);
            let at = |g: &usize| &m.goals[*g];
            let addressed_more = goals.len().saturating_sub(ADDRESSED_SHOWN);
            let live: Vec<Shared> = before
                .iter()
                .map(at)
                .filter(|g| !closed_before(g))
                .chain(later.iter().map(at))
                .chain(before.iter().map(at).filter(closed_before))
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
        .collect()
}

/// Session `i`'s strengths, each with how often it was seen so far.
fn strength_views<'a>(l: &Lookup<'a>, i: usize) -> Vec<StrengthView<'a>> {
    let m = l.m;
    let s = &m.sessions[i];
    s.front
        .strengths
        .iter()
        .zip(&s.strength_keys)
        .map(|(x, key)| {
            let si = l.strength(key);
            let seen = si.map_or(1, |si| seen_until(&m.strengths[si], i));
            StrengthView {
                text: &x.text,
                url: si.map(|si| l.strength_url(si)),
                seen,
                recurring: seen > 1,
            }
        })
        .collect()
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
    let weaknesses = weakness_views(l, i);
    let strengths = strength_views(l, i);
    let questions = f
        .questions
        .iter()
        .zip(&s.question_weaknesses)
        .map(|(q, keys)| QuestionView {
            text: &q.text,
            addresses: l.weakness_links(keys.iter().flatten().map(String::as_str)),
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
        next_date: m.announced_meeting(f.next).map(crate::date::Date::long),
        next_date_iso: m.announced_meeting(f.next).map(|d| d.to_string()),
        tag_links: tag_links(l, &f.tags),
        extra: &f.extra,
        body_html: body_html(
            env,
            l.m,
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

#[cfg(test)]
mod tests {
    #[test]
    fn impacts_order_high_first() {
        use crate::content::doc::Impact;
        assert!(Impact::High < Impact::Low);
    }
}
