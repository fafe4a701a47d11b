//! `…/print/`: every session of a mentorship in one page, for printing or saving as PDF.
//! Each session's part is rendered along with its own page (see `sessions::render`), so
//! that a build renders each session's sections once.

use serde::Serialize;
use tera::Context;

use crate::diagnostic::Diagnostic;

use super::super::context::PageInfo;
use super::super::html::{self, Fit};
use super::super::{Env, Renderer};
use super::parts::{goal_groups, grid_row, reflections};
use super::sessions::{self, Parts};
use super::timeline::timeline_view;
use super::{base_ctx, body_html, info};

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

/// Session `i`'s part of the print page: `print_session.html` with its sections, already
/// rendered for its own page (`sections`), nested one level down.
pub(super) fn session_part<'a>(
    env: &'a Env<'_>,
    mi: usize,
    i: usize,
    renderer: &Renderer,
    sections: &str,
) -> Result<PrintSession<'a>, Diagnostic> {
    let l = &env.lookups[mi];
    let s = &l.m.sessions[i];
    let mut part = base_ctx(env, mi);
    let prefix = format!("s{}-", s.number);
    part.insert("session", &l.summary(i));
    part.insert("sections_html", &html::nest(sections, &prefix));
    part.insert("page", &print_info(env, mi));
    Ok(PrintSession {
        number: s.number,
        title: &s.title,
        url: &s.url,
        date: s.front.date.to_string(),
        html: tera::Value::from(renderer.render("print_session.html", &part)?),
    })
}

/// The print page's `page`.
fn print_info(env: &Env<'_>, mi: usize) -> PageInfo {
    let l = &env.lookups[mi];
    let title = env
        .t
        .format("title.print", None, &[("title", &l.m.front.title)]);
    info("print", "print", &l.urls.print, &title)
}

/// The print page: every session is rendered on its own (in parallel) by
/// [`sessions::render`], which renders its page at the same time when `pages` wants it and
/// hands it over; then `print.html` puts the parts together.
pub(super) fn page(
    env: &Env<'_>,
    mi: usize,
    renderer: &Renderer,
    pages: &SessionPages<'_>,
) -> Result<(&'static str, Context), Diagnostic> {
    use rayon::prelude::*;
    let l = &env.lookups[mi];
    let m = l.m;
    let page = print_info(env, mi);
    let sessions = (0..m.sessions.len())
        .into_par_iter()
        .map(|i| {
            let parts = if (pages.wanted)(mi, i) {
                Parts::PageAndPrint
            } else {
                Parts::Print
            };
            let done = sessions::render(env, mi, i, renderer, parts)?;
            if let Some(bytes) = done.page {
                (pages.give)(mi, i, bytes);
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

/// Session pages rendered along with their mentorship's print page.
pub(in crate::render) struct SessionPages<'a> {
    /// Whether the page of session `i` of mentorship `mi` is wanted.
    pub wanted: &'a (dyn Fn(usize, usize) -> bool + Sync),
    /// Takes it once rendered.
    pub give: &'a (dyn Fn(usize, usize, Vec<u8>) + Sync),
}
