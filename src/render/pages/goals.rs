//! `…/goals/` (open goals, then closed ones, by status) and a goal's page (its events,
//! supersession chain, the weaknesses it addresses, its backlog).

use serde::Serialize;

use crate::history::GoalEvent;

use super::super::context::{BacklogView, GoalLink, PersonLink, Shared};
use super::super::flat::flat_view;
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::{GoalSummary, goal_groups, owner_links};
use super::{base_ctx, finish, info, native_page, withheld};
use crate::diagnostic::Diagnostic;

mod native;

/// The goals list of mentorship `mi`.
pub(super) fn list(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let groups = goal_groups(l, false);
    let (open, closed): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.open);
    let page = info("goals", "goals", &l.urls.goals, env.t.text("title.goals"));
    if let Some(bytes) = native_page(env, renderer, mi, &page, 64 * 1024, |h| {
        native::list(h, &env.view(mi), &open, &closed);
    })? {
        return Ok(bytes);
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("open_groups", &open);
    ctx.insert("closed_groups", &closed);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "goals.html", ctx)
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
        backlog: Vec<BacklogView<'a>>,
    }
}

/// The page of goal `i` of mentorship `mi`.
pub(super) fn page(
    env: &Env<'_>,
    mi: usize,
    i: usize,
    renderer: &Renderer,
) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let g = &m.goals[i];
    let view = GoalView {
        summary: GoalSummary::of(l, g),
        events: g
            .events
            .iter()
            .map(|e| {
                let (owner, owners) = owner_links(l, e.owner.as_deref());
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
    let visibility = m.sessions[g.introduced].visibility;
    let page = withheld(info("goal", "goals", &g.url, &g.text), visibility, env);
    if let Some(bytes) = native_page(env, renderer, mi, &page, 16 * 1024, |h| {
        native::main(h, &view);
    })? {
        return Ok(bytes);
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("goal", &view);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "goal.html", ctx)
}

/// The goals `i` replaced (transitively, oldest first), `i`, then the goals that replaced
/// it in turn. Cycles cannot loop: each goal is visited once.
fn chain<'a>(l: &Lookup<'a>, i: usize) -> Vec<ChainLink<'a>> {
    let m = l.m;
    let g = &m.goals[i];
    if g.superseded_by.is_none() && g.supersedes.is_empty() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::from([&*g.id]);
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
                    && seen.insert(&*p.id)
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
        if !seen.insert(&*n.id) {
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

flat_view! {
    /// A goal event with its session.
    #[derive(Debug, Clone)]
    struct GoalEventView<'a> {
        /// `touch` (new, updated, closed), `status`, `health`, `due`, `note`.
        ..pub event: &'a GoalEvent,
        /// The owners given then, joined with ", ".
        pub owner: Option<String>,
        /// The owners given then, each linked to their page.
        pub owners: Vec<PersonLink>,
        /// Its session.
        pub session: Shared,
    }
}

flat_view! {
    /// One goal of a supersession chain.
    #[derive(Debug, Clone)]
    struct ChainLink<'a> {
        /// The goal.
        ..pub goal: GoalLink<'a>,
        /// Steps from the page's goal: negative for goals it replaced, positive for goals
        /// that replaced it, 0 for itself.
        pub step: i64,
        /// Whether this is the page's goal.
        pub current: bool,
    }
}

/// A weakness a goal addresses.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AddressedView<'a> {
    /// Its key.
    pub key: &'a str,
    /// Its anchor on the recurring page.
    pub slug: &'a str,
    /// Its row on the recurring page.
    pub url: String,
    /// Its latest text.
    pub text: &'a str,
    /// Sessions it was seen in.
    pub count: usize,
    /// First seen in.
    pub first: Shared,
    /// Last seen in.
    pub last: Shared,
    /// Whether it stopped recurring after an addressing goal was achieved.
    pub stopped_after_achieved: Option<bool>,
}
