//! `…/print/`: every session of a mentorship in one page, for printing or saving as PDF.
//! Each session's part is rendered along with its own page (see `sessions::render`), so
//! that a build renders each session's sections once.
//!
//! A long mentorship's print page is tens of megabytes. With the built-in templates it is
//! written piece by piece ([`write`]): `print.html` is rendered once with a mark where
//! each session's part goes, and the parts are rendered a few at a time and written
//! between the pieces of that outline, so that a build holds a few parts, not all of them
//! (issue 17). With templates of the site's own it is rendered whole, as a template may
//! do anything with a part.

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

use super::super::context::{PageInfo, SessionSummary};
use super::super::html;
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::{goal_groups, grid_row, reflections};
use super::sessions::{self, Parts};
use super::timeline::timeline_view;
use super::{agreement_html, base_ctx, finish, info, native_page};

mod native;

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
    let l = env.lookup(mi);
    let l = &*l;
    let s = &l.m.sessions[i];
    let prefix = format!("s{}-", s.number);
    let nested = html::nest(sections, &prefix);
    if let Some(mut h) = renderer.native(nested.len() + 1024) {
        sessions::print_part(&mut h, &SessionSummary::of(s), &nested);
        if let Some(html) = h.finish() {
            return Ok(PrintSession::of(l, i, tera::Value::from(html)));
        }
    }
    let mut part = base_ctx(env, mi);
    part.insert("session", &l.summary(i));
    part.insert("sections_html", &nested);
    part.insert("page", &print_info(env, mi));
    Ok(PrintSession::of(
        l,
        i,
        tera::Value::from(renderer.render("print_session.html", &part)?),
    ))
}

impl<'a> PrintSession<'a> {
    fn of(l: &Lookup<'a>, i: usize, html: tera::Value) -> Self {
        let s = &l.m.sessions[i];
        PrintSession {
            number: s.number,
            title: &s.title,
            url: &s.url,
            date: s.front.date.to_string(),
            html,
        }
    }
}

/// The print page's `page`.
fn print_info(env: &Env<'_>, mi: usize) -> PageInfo {
    let l = env.lookup(mi);
    let l = &*l;
    let title = env
        .t
        .format("title.print", None, &[("title", &l.m.front.title)]);
    info("print", "print", &l.urls.print, &title)
}

/// Why writing a print page stopped.
pub(in crate::render) enum Stop {
    /// A template failed.
    Render(Diagnostic),
    /// The output refused the bytes.
    Write(std::io::Error),
}

impl From<Diagnostic> for Stop {
    fn from(d: Diagnostic) -> Self {
        Stop::Render(d)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        Stop::Write(e)
    }
}

/// How many sessions' parts a print page written piece by piece holds at a time: enough
/// for both threads to stay busy. Debug builds (the tests') take few, so that small logs
/// cross many boundaries.
const CHUNK: usize = if cfg!(debug_assertions) { 2 } else { 64 };

/// Where session `i`'s part goes in the print page's outline. It starts with a NUL, which
/// no page holds otherwise (notes and the config refuse control characters, escaping
/// drops them); [`pieces`] checks the outline anyway.
fn mark(i: usize) -> String {
    format!("{MARK}{i}\0")
}

const MARK: &str = "\0print-session ";

/// Writes the print page of mentorship `mi` to `w`, rendering every session on the way
/// (in parallel) and handing the session pages `pages` wants to it: piece by piece with
/// the built-in templates, whole otherwise (see the module's documentation). Both ways
/// write the same bytes; `tests/cli/print.rs` holds them to it.
///
/// # Errors
/// The first template error met (nothing more is rendered then), or the first error of
/// `w`.
pub(super) fn write(
    env: &Env<'_>,
    mi: usize,
    renderer: &Renderer,
    pages: &SessionPages<'_>,
    w: &mut dyn Write,
) -> Result<(), Stop> {
    let l = env.lookup(mi);
    let l = &*l;
    let n = l.m.sessions.len();
    let how = How::get();
    if renderer.built_in_templates() && how != How::Whole {
        let marked = (0..n)
            .map(|i| PrintSession::of(l, i, tera::Value::safe_string(&mark(i))))
            .collect();
        // A failed outline is rendered again below, after the sessions, so that the error
        // reported is the one the whole page meets first.
        if let Ok(outline) = outline(env, mi, renderer, marked)
            && let Some(pieces) = pieces(&outline, n)
        {
            w.write_all(pieces[0].as_bytes())?;
            for start in (0..n).step_by(CHUNK) {
                let end = (start + CHUNK).min(n);
                for (i, part) in (start..end).zip(parts(env, mi, renderer, pages, start..end)?) {
                    w.write_all(part.html.as_str().unwrap_or_default().as_bytes())?;
                    // The shortcut broken on purpose, for the test of its test.
                    let next = if how == How::Faulty { i - start } else { i } + 1;
                    w.write_all(pieces[next].as_bytes())?;
                }
            }
            return Ok(());
        }
    }
    let sessions = parts(env, mi, renderer, pages, 0..n)?;
    w.write_all(&outline(env, mi, renderer, sessions)?)?;
    Ok(())
}

/// How [`write`] writes a print page. Debug builds (the tests') read
/// `MENTORLOG_TEST_PRINT=whole`, the plain way, and `MENTORLOG_TEST_FAULT=print-pieces`,
/// pieces misplaced on purpose; release builds write in pieces whenever they can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Pieces,
    Whole,
    Faulty,
}

impl How {
    fn get() -> Self {
        if !cfg!(debug_assertions) {
            return How::Pieces;
        }
        let var = |name| std::env::var(name).unwrap_or_default();
        if var("MENTORLOG_TEST_PRINT") == "whole" {
            How::Whole
        } else if var("MENTORLOG_TEST_FAULT")
            .split(',')
            .any(|f| f == "print-pieces")
        {
            How::Faulty
        } else {
            How::Pieces
        }
    }
}

/// The outline cut at each session's mark: `n + 1` pieces, when each of the `n` marks is
/// there once and in order.
fn pieces(outline: &[u8], n: usize) -> Option<Vec<&str>> {
    let mut rest = std::str::from_utf8(outline).ok()?;
    let mut pieces = Vec::with_capacity(n + 1);
    for i in 0..n {
        let mark = mark(i);
        let at = rest.find(&mark)?;
        pieces.push(&rest[..at]);
        rest = &rest[at + mark.len()..];
    }
    pieces.push(rest);
    (!pieces.iter().any(|p| p.contains(MARK))).then_some(pieces)
}

/// The parts of sessions `range` of mentorship `mi`, in order, rendered in parallel with
/// the pages of those `pages` wants (handed to it).
fn parts<'a>(
    env: &'a Env<'_>,
    mi: usize,
    renderer: &Renderer,
    pages: &SessionPages<'_>,
    range: std::ops::Range<usize>,
) -> Result<Vec<PrintSession<'a>>, Diagnostic> {
    use rayon::prelude::*;
    let sessions = range
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
    Ok(sessions.into_iter().flatten().collect())
}

/// `print.html` with `sessions` as its sessions' parts.
fn outline(
    env: &Env<'_>,
    mi: usize,
    renderer: &Renderer,
    sessions: Vec<PrintSession<'_>>,
) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let groups = goal_groups(l, false);
    let timeline = timeline_view(l, "print_", env.t);
    let reflections = reflections(l);
    let weak: Vec<_> = m
        .weaknesses
        .iter()
        .zip(&l.weakness_anchor)
        .filter(|(w, _)| w.recurring)
        .map(|(w, a)| grid_row(l, w, a, &[]))
        .collect();
    let agreement_html = agreement_html(env, l, Some("agreement-"));
    let page = print_info(env, mi);
    let outline = native::Outline {
        sessions: &sessions,
        groups: &groups,
        timeline: timeline.as_ref(),
        reflections: &reflections,
        recurring_weaknesses: &weak,
        agreement_html: &agreement_html,
    };
    if let Some(bytes) = native_page(env, renderer, mi, &page, 256 * 1024, |h| {
        native::main(h, &env.view(mi), &outline);
    })? {
        return Ok(bytes);
    }
    let mut ctx = base_ctx(env, mi);
    ctx.insert("sessions", &sessions);
    drop(sessions);
    ctx.insert("groups", &groups);
    ctx.insert("timeline", &timeline);
    ctx.insert("reflections", &reflections);
    ctx.insert("recurring_weaknesses", &weak);
    ctx.insert("agreement_html", &agreement_html);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "print.html", ctx)
}

/// Session pages rendered along with their mentorship's print page.
pub(in crate::render) struct SessionPages<'a> {
    /// Whether the page of session `i` of mentorship `mi` is wanted.
    pub wanted: &'a (dyn Fn(usize, usize) -> bool + Sync),
    /// Takes it once rendered.
    pub give: &'a (dyn Fn(usize, usize, Vec<u8>) + Sync),
}
