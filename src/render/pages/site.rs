//! The site's own pages: `/` (the mentorships, when there are several or none), the 404
//! page and the search page.

use serde::Serialize;
use tera::Context;

use crate::content::doc::MentorshipStatus;

use super::super::Env;
use super::super::context::Shared;
use super::info;
use super::mentorship::{Counts, mentorship_view};

#[derive(Serialize)]
struct MentorshipCard<'a> {
    title: &'a str,
    url: &'a str,
    mentee: &'a str,
    status: MentorshipStatus,
    started: String,
    started_long: String,
    ended: Option<String>,
    ended_long: Option<String>,
    counts: Counts,
    latest: Option<Shared>,
    tags: &'a [String],
}

pub(super) fn index(env: &Env<'_>) -> (&'static str, Context) {
    let cards: Vec<_> = env
        .lookups()
        .map(|l| {
            let m = l.m;
            let view = mentorship_view(l, env.config);
            MentorshipCard {
                title: &m.front.title,
                url: &m.url,
                mentee: &m.front.mentee,
                status: m.front.status,
                started: m.front.started.to_string(),
                started_long: m.front.started.long(),
                ended: m.front.ended.map(|d| d.to_string()),
                ended_long: m.front.ended.map(crate::date::Date::long),
                counts: view.counts,
                latest: l.latest_summary(),
                tags: &m.front.tags,
            }
        })
        .collect();
    let mut ctx = env.site_ctx.clone();
    ctx.insert("mentorships", &cards);
    ctx.insert("page", &info("index", "index", "/", &env.site.title));
    ("site_index.html", ctx)
}

/// `/404.html`.
pub(super) fn not_found(env: &Env<'_>) -> (&'static str, Context) {
    let mut ctx = env.site_ctx.clone();
    ctx.insert(
        "page",
        &info("404", "", "/404.html", env.t.text("title.not_found")),
    );
    ("404.html", ctx)
}

/// `/search/`: the page; the index is made by `render::search`.
pub(super) fn search(env: &Env<'_>) -> (&'static str, Context) {
    let mut ctx = env.site_ctx.clone();
    ctx.insert(
        "page",
        &info("search", "search", "/search/", env.t.text("title.search")),
    );
    ("search.html", ctx)
}
