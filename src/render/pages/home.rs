//! A mentorship's home page: the latest session, open goals, the time until the next
//! session, follow-through, the goal timeline, reflections, recurring weaknesses, and the
//! outcome once it has ended.

use serde::Serialize;

use crate::diagnostic::Diagnostic;

use crate::content::doc::{GoalStatus, MentorshipStatus};
use crate::history::Recurring;

use super::super::context::{LinkView, SessionSummary, Shared};
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::{ReflectionView, goal_groups, grid_row, reflections, session_goals};
use super::timeline::timeline_view;
use super::{agreement_html, base_ctx, finish, follow_through, info, native_page, next, withheld};

mod native;

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

pub(super) fn page(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let latest = m.sessions.last();
    let latest_goals = latest.map_or_else(Vec::new, |s| session_goals(l, s));
    let open_goals = goal_groups(l, true);
    let between = next::between(l);
    let follow_through = follow_through::view(l, "", env.t);
    let timeline = timeline_view(l, "", env.t);
    let reflections = reflections(l);
    let top: Vec<_> = m
        .weaknesses
        .iter()
        .enumerate()
        .filter(|(_, w)| w.recurring)
        .take(5)
        .map(|(i, w)| grid_row(l, w, &l.weakness_anchor[i], &[]))
        .collect();
    let ended = m.front.status == MentorshipStatus::Ended || m.front.ended.is_some();
    let outcome = ended.then(|| outcome(l, &reflections));
    let agreement_html = agreement_html(env, l, None);
    let page = withheld(
        info("home", "home", &m.url, &m.front.title),
        m.own_visibility,
        env,
    );
    let recent = (0..m.sessions.len()).rev().take(RECENT);
    if renderer.built_in_templates() {
        let latest = latest.map(SessionSummary::of);
        let recent: Vec<_> = recent
            .clone()
            .map(|i| SessionSummary::of(&m.sessions[i]))
            .collect();
        let home = native::Home {
            latest: latest.as_ref(),
            latest_goals: &latest_goals,
            recent: &recent,
            open_goals: &open_goals,
            between: &between,
            follow_through: follow_through.as_ref(),
            timeline: timeline.as_ref(),
            reflections: &reflections,
            top_weaknesses: &top,
            outcome: outcome.as_ref(),
            agreement_html: &agreement_html,
        };
        if let Some(bytes) = native_page(env, renderer, mi, &page, 128 * 1024, |h| {
            native::main(h, &env.view(mi), &home);
        })? {
            return Ok(bytes);
        }
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("latest", &l.latest_summary());
    ctx.insert("latest_goals", &latest_goals);
    let recent: Vec<_> = recent.map(|i| l.summary(i)).collect();
    ctx.insert("recent_sessions", &recent);
    ctx.insert("open_goals", &open_goals);
    ctx.insert("between", &between);
    ctx.insert("follow_through", &follow_through);
    ctx.insert("timeline", &timeline);
    ctx.insert("reflections", &reflections);
    ctx.insert("top_weaknesses", &top);
    ctx.insert("outcome", &outcome);
    ctx.insert("agreement_html", &agreement_html);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "index.html", ctx)
}

/// Sessions listed on the home page.
const RECENT: usize = 8;

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
        title: w.text.to_string(),
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
