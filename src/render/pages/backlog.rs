//! `…/backlog/`: the backlog changes session by session, and each item's history.

use serde::Serialize;

use crate::history::Goal;

use super::super::context::{BacklogView, Shared, web_url};
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::{base_ctx, finish, info, native_page};
use crate::diagnostic::Diagnostic;

mod native;

#[derive(Serialize)]
struct BacklogSession<'a> {
    session: Shared,
    changes: Vec<BacklogView<'a>>,
}

#[derive(Serialize)]
struct BacklogItemView<'a> {
    anchor: &'a str,
    item: &'a str,
    /// The repository's issue, when it is a web address.
    issue_url: Option<String>,
    changes: Vec<BacklogView<'a>>,
    /// The goals its changes served.
    goals: Vec<Shared>,
}

/// The backlog log, session by session: each session's index and its changes' views, made
/// when asked for, so that the page written in Rust holds one session's at a time (and
/// reads the session itself, not its summary).
fn log<'a>(l: &'a Lookup<'a>) -> impl Iterator<Item = (usize, Vec<BacklogView<'a>>)> + 'a {
    l.backlog_by_session
        .iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(si, list)| (si, list.iter().map(|&b| l.backlog_change(b)).collect()))
}

/// Each backlog item's history, made when asked for (see [`log`]).
fn items<'a>(l: &'a Lookup<'a>) -> impl Iterator<Item = BacklogItemView<'a>> + 'a {
    let m = l.m;
    m.backlog_items.iter().enumerate().map(move |(ii, it)| {
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
}

/// The backlog page of mentorship `mi`.
pub(super) fn page(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let page = info(
        "backlog",
        "backlog",
        &l.urls.backlog,
        env.t.text("title.backlog"),
    );
    if let Some(bytes) = native_page(env, renderer, mi, &page, 64 * 1024, |h| {
        native::main(h, &env.view(mi), &l.m.sessions, log(l), items(l));
    })? {
        return Ok(bytes);
    }
    let mut ctx = base_ctx(env, mi);
    let log: Vec<BacklogSession> = log(l)
        .map(|(si, changes)| BacklogSession {
            session: l.summary(si),
            changes,
        })
        .collect();
    ctx.insert("log", &log);
    ctx.insert("items", &items(l).collect::<Vec<_>>());
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "backlog.html", ctx)
}
