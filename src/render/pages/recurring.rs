//! `…/recurring/`: weaknesses and strengths across sessions, as a grid of the latest
//! sessions.

use serde::Serialize;

use crate::history::Recurring;

use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::{GridRow, grid_row};
use super::{base_ctx, finish, info, native_page};
use crate::diagnostic::Diagnostic;

mod native;

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

/// A session as a column of the recurring grid.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridColumn<'a> {
    /// 1-based.
    pub number: usize,
    /// Title.
    pub title: &'a str,
    /// Page.
    pub url: &'a str,
    /// YYYY-MM-DD.
    pub date: String,
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

/// The recurring page of mentorship `mi`.
pub(super) fn page(env: &Env<'_>, mi: usize, renderer: &Renderer) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let start = m.sessions.len().saturating_sub(GRID_COLUMNS);
    let columns: Vec<usize> = (start..m.sessions.len()).collect();
    let rows = |items, anchors, recurring| grid_rows(l, items, anchors, recurring, &columns);
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
    let page = info(
        "recurring",
        "recurring",
        &l.urls.recurring,
        env.t.text("title.recurring"),
    );
    if let Some(bytes) = native_page(env, renderer, mi, &page, 64 * 1024, |h| {
        native::main(h, &env.view(mi), &grid);
    })? {
        return Ok(bytes);
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("grid", &grid);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "recurring.html", ctx)
}
