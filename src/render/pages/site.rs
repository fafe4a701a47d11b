//! The site's own pages: `/` (the mentorships, when there are several or none), the 404
//! page and the search page.

use serde::Serialize;
use tera::Context;

use crate::content::doc::MentorshipStatus;

use super::super::Env;
use super::super::context::{SessionSummary, Shared};
use super::info;
use super::mentorship::{Counts, counts};

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
    // From the history alone: what the mentorships' pages share is made for them, and a
    // build lets it go once they are rendered.
    let cards: Vec<_> = env
        .log
        .mentorships
        .iter()
        .map(|m| MentorshipCard {
            title: &m.front.title,
            url: &m.url,
            mentee: &m.front.mentee,
            status: m.front.status,
            started: m.front.started.to_string(),
            started_long: m.front.started.long(),
            ended: m.front.ended.map(|d| d.to_string()),
            ended_long: m.front.ended.map(crate::date::Date::long),
            counts: counts(m),
            latest: m
                .sessions
                .last()
                .map(|s| tera::Value::from_serializable(&SessionSummary::of(s))),
            tags: &m.front.tags,
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
