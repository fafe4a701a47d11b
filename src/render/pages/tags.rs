//! `…/tags/` and a tag's page: the sessions (and weaknesses) given each tag.

use serde::Serialize;
use tera::Context;

use super::super::context::{LinkView, Shared};
use super::super::{Env, Renderer};
use super::{base_ctx, finish, info, native_page};
use crate::diagnostic::Diagnostic;
use crate::history::Session;

mod native;

#[derive(Serialize)]
struct TagSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    sessions: usize,
    last: Option<Shared>,
}

pub(super) fn list(env: &Env<'_>, mi: usize) -> (&'static str, Context) {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let list: Vec<_> = m
        .tags
        .iter()
        .enumerate()
        .map(|(ti, t)| TagSummary {
            name: &t.name,
            slug: &t.slug,
            url: &l.tag_url[ti],
            sessions: t.sessions.len(),
            last: t.sessions.last().map(|&s| l.session_ref(s)),
        })
        .collect();
    let mut ctx = base_ctx(env, mi);
    ctx.insert("tags", &list);
    ctx.insert(
        "page",
        &info("tags", "tags", &l.urls.tags, env.t.text("title.tags")),
    );
    ("tags.html", ctx)
}

#[derive(Serialize)]
struct TagView<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    sessions: Vec<Shared>,
    /// Weaknesses given this tag.
    weaknesses: Vec<LinkView>,
}

/// What the page written in Rust reads of a tag: [`TagView`] with the sessions themselves
/// (`tagged` indexing `sessions`) instead of their summaries.
struct TagParts<'a> {
    name: &'a str,
    sessions: &'a [Session],
    tagged: &'a [usize],
    weaknesses: &'a [LinkView],
}

/// The page of tag `ti` of mentorship `mi`.
pub(super) fn page(
    env: &Env<'_>,
    mi: usize,
    ti: usize,
    renderer: &Renderer,
) -> Result<Vec<u8>, Diagnostic> {
    let l = env.lookup(mi);
    let l = &*l;
    let m = l.m;
    let t = &m.tags[ti];
    let weaknesses: Vec<LinkView> = m
        .weaknesses
        .iter()
        .enumerate()
        .filter(|(_, w)| {
            w.tags
                .iter()
                .any(|x| crate::content::markdown::slug(x) == t.slug)
        })
        .map(|(wi, w)| LinkView {
            title: w.text.to_string(),
            url: l.weakness_url(wi),
        })
        .collect();
    let page = info(
        "tag",
        "tags",
        &l.tag_url[ti],
        &env.t.format("title.tag", None, &[("name", &t.name)]),
    );
    if let Some(bytes) = native_page(env, renderer, mi, &page, 16 * 1024, |h| {
        let parts = TagParts {
            name: &t.name,
            sessions: &m.sessions,
            tagged: &t.sessions,
            weaknesses: &weaknesses,
        };
        native::main(h, &env.view(mi), &parts);
    })? {
        return Ok(bytes);
    }
    let view = TagView {
        name: &t.name,
        slug: &t.slug,
        url: &l.tag_url[ti],
        sessions: t.sessions.iter().map(|&s| l.summary(s)).collect(),
        weaknesses,
    };
    let mut ctx = base_ctx(env, mi);
    ctx.insert("tag", &view);
    ctx.insert("page", &page);
    finish(env, renderer, Some(mi), "tag.html", ctx)
}
