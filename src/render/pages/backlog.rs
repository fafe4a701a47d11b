//! `…/backlog/`: the backlog changes session by session, and each item's history.

use serde::Serialize;

use crate::history::Goal;

use super::super::context::{Shared, web_url};
use super::super::{Env, Renderer};
use super::{base_ctx, finish, info, native_page};
use crate::diagnostic::Diagnostic;

mod native;

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

/// The backlog page of mentorship `mi`.
pub(super) fn page(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
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
    let page = info(
        "backlog",
        "backlog",
        &l.urls.backlog,
        env.t.text("title.backlog"),
    );
    if let Some(bytes) = native_page(env, renderer, mi, &page, 64 * 1024, |h| {
        native::main(h, &env.views[mi], &log, &items);
    })? {
        return Ok(bytes);
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("log", &log);
    ctx.insert("items", &items);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "backlog.html", ctx)
}
