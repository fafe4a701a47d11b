//! The next session's agenda, `…/next/` (issue 18): what the team brings to the meeting,
//! on one or two printed pages.
//!
//! Everything on it comes from [`crate::history::Agenda`], the same derivation
//! `mentorlog new` uses, over the log restricted to the build's audience: the page and
//! the next note agree on what is open, and a withheld session leaves no trace here.

use serde::Serialize;

use crate::diagnostic::Diagnostic;

use crate::content::doc::{Impact, MentorshipStatus, Visibility};
use crate::history::{ReflectionDue, Slipping};

use super::super::context::{BacklogView, LinkView, PageInfo, Shared};
use super::super::flat::flat_view;
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::GoalSummary;
use super::{finish, native_page};

mod native;

flat_view! {
    /// An open goal on the agenda.
    struct AgendaGoal<'a> {
        ..summary: GoalSummary<'a>,
        /// Sessions since its latest update (0: the latest session named it).
        untouched: usize,
        /// Untouched for three sessions or more.
        stale: bool,
    }
}

/// A high-impact weakness of the latest session that no open goal addresses.
#[derive(Serialize)]
struct AgendaWeakness<'a> {
    text: &'a str,
    impact: Impact,
    /// Its row on the recurring page.
    url: String,
    /// Sessions it was named in.
    count: usize,
    /// First named in.
    first: Shared,
    /// Closed goals that addressed it before.
    addressed_before: Vec<Shared>,
}

/// A question raised and never marked answered.
#[derive(Serialize)]
struct AgendaQuestion<'a> {
    text: &'a str,
    /// First raised in.
    first: Shared,
    /// Last raised in.
    last: Shared,
    /// How many sessions raised it.
    times: usize,
    /// The weaknesses it is about.
    addresses: Vec<LinkView>,
}

/// `agenda`, the context of `next.html`.
#[derive(Serialize)]
struct AgendaView<'a> {
    /// The session the agenda follows: the latest (a session reference).
    after: Option<Shared>,
    /// The mentorship has ended: no next session is expected.
    ended: bool,
    /// The next meeting, `YYYY-MM-DD`, as the latest session announced it.
    next_date: Option<String>,
    /// The same, written out.
    next_date_long: Option<String>,
    /// Every open goal, overdue first.
    goals: Vec<AgendaGoal<'a>>,
    /// How many of them are overdue.
    overdue: usize,
    weaknesses: Vec<AgendaWeakness<'a>>,
    questions: Vec<AgendaQuestion<'a>>,
    /// Backlog changes serving goals still open.
    backlog: Vec<BacklogView<'a>>,
    /// `{since, every}` when a reflection on the mentorship is due.
    reflection_due: Option<ReflectionDue>,
    /// `{open, slipping, overdue, untouched}` when at least half of the open goals are
    /// overdue or untouched for three sessions or more.
    slipping: Option<Slipping>,
}

/// What the home page says of the time between sessions: `between`.
#[derive(Serialize)]
pub(super) struct BetweenView {
    /// The next meeting, `YYYY-MM-DD`.
    pub(super) next_date: Option<String>,
    /// The same, written out.
    pub(super) next_date_long: Option<String>,
    /// Goals the next session carries forward.
    pub(super) open_goals: usize,
    /// Of those, overdue.
    pub(super) overdue: usize,
    /// Questions still open.
    pub(super) open_questions: usize,
    /// Whether a reflection is due.
    pub(super) reflection_due: bool,
    /// Whether the goals keep slipping.
    pub(super) slipping: bool,
}

/// The home page's `between`.
pub(super) fn between(l: &Lookup<'_>) -> BetweenView {
    let m = l.m;
    let next = m.next_meeting();
    let open = m.carried_forward();
    BetweenView {
        next_date: next.map(|d| d.to_string()),
        next_date_long: next.map(crate::date::Date::long),
        open_goals: open.len(),
        overdue: open.iter().filter(|g| g.overdue).count(),
        open_questions: m.open_questions().len(),
        reflection_due: m.reflection_due().is_some(),
        slipping: m.slipping().is_some(),
    }
}

/// The template and context of mentorship `mi`'s agenda.
// Long on purpose: the agenda page's view, one field after another as the template shows
// them.
pub(super) fn page(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let agenda = m.agenda();
    let stale = crate::history::agenda::UNTOUCHED_SESSIONS;
    let goals: Vec<AgendaGoal<'_>> = agenda
        .goals
        .iter()
        .map(|g| {
            let untouched = m.sessions_untouched(g);
            AgendaGoal {
                summary: GoalSummary::of(l, g),
                untouched,
                stale: untouched >= stale,
            }
        })
        .collect();
    let weaknesses = agenda
        .weaknesses
        .iter()
        .map(|&wi| {
            let w = &m.weaknesses[wi];
            AgendaWeakness {
                text: &w.text,
                impact: Impact::High,
                url: l.weakness_url(wi),
                count: w.count,
                first: l.session_ref(w.first),
                addressed_before: w
                    .addressed_by
                    .iter()
                    .filter_map(|id| l.goal(id))
                    .map(|g| l.goal_link(g))
                    .collect(),
            }
        })
        .collect();
    let questions = agenda
        .questions
        .iter()
        .map(|q| AgendaQuestion {
            text: q.text,
            first: l.session_ref(q.first),
            last: l.session_ref(q.last),
            times: q.times,
            addresses: l.weakness_links(q.weaknesses.iter().flatten().copied()),
        })
        .collect();
    let view = AgendaView {
        after: l.m.sessions.len().checked_sub(1).map(|i| l.session_ref(i)),
        ended: m.front.status == MentorshipStatus::Ended || m.front.ended.is_some(),
        next_date: agenda.next_meeting.map(|d| d.to_string()),
        next_date_long: agenda.next_meeting.map(crate::date::Date::long),
        overdue: goals.iter().filter(|g| g.summary.overdue).count(),
        goals,
        weaknesses,
        questions,
        backlog: agenda
            .backlog
            .iter()
            .map(|&b| l.backlog_change(b))
            .collect(),
        reflection_due: agenda.reflection_due,
        slipping: agenda.slipping,
    };
    let withheld = (env.settings.mark_withheld && m.own_visibility != Visibility::Public)
        .then(|| m.own_visibility.as_str());
    let page = PageInfo {
        kind: "next",
        section: "next",
        url: l.urls.next.clone(),
        title: env.t.text("title.next").to_owned(),
        withheld,
    };
    if let Some(bytes) = native_page(env, renderer, mi, &page, 64 * 1024, |h| {
        native::main(h, &env.view(mi), &view);
    })? {
        return Ok(bytes);
    }
    let mut ctx = env.base(mi).clone();
    ctx.insert("agenda", &view);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "next.html", ctx)
}
