//! `…/people/` and a person's page: everyone named, the sessions they attended and the
//! goals they own.

use serde::Serialize;
use tera::Context;

use super::super::context::Shared;
use super::super::flat::flat_view;
use super::super::lookup::Lookup;
use super::super::{Env, Renderer};
use super::parts::GoalSummary;
use super::{base_ctx, finish, info, native_page};
use crate::diagnostic::Diagnostic;

mod native;

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

pub(super) fn list(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = env.lookup(mi);
    let l = &*l;
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

/// The page of person `pi` of mentorship `mi`.
pub(super) fn page(
    env: &Env<'_>,
    mi: usize,
    pi: usize,
    renderer: &Renderer,
) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let p = &m.people[pi];
    let summary = person_summary(l, pi);
    let owned: Vec<GoalSummary<'_>> = p
        .goals
        .iter()
        .filter_map(|id| l.goal(id))
        .map(|g| GoalSummary::of(l, g))
        .collect();
    let page = info("person", "people", &l.person_url[pi], &p.name);
    // The page written in Rust reads the sessions attended themselves: no template value
    // for each (a member of a long mentorship attends thousands).
    if let Some(bytes) = native_page(env, renderer, mi, &page, 32 * 1024, |h| {
        native::main(
            h,
            &env.view(mi),
            &summary,
            &owned,
            (&m.sessions, &p.sessions),
        );
    })? {
        return Ok(bytes);
    }
    let view = PersonView {
        summary,
        attended: p.sessions.iter().map(|&s| l.summary(s)).collect(),
        owned,
    };
    let mut ctx = base_ctx(env, mi);
    ctx.insert("person", &view);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "person.html", ctx)
}
