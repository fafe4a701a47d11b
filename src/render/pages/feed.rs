//! `feed.xml`: an Atom feed of the latest sessions of every mentorship.

use serde::Serialize;
use tera::Context;

use super::super::Env;
use super::super::html::Fit;
use super::{body_html, info};
use crate::render::context::SessionSummary;

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// The page, without the base path.
    url: &'a str,
    /// A permanent id: the absolute URL, or a `urn:` when the base URL has no host.
    id: String,
    /// The session's date, as an RFC 3339 timestamp at midnight UTC.
    updated: String,
    /// The mentorship's title.
    mentorship: &'a str,
    /// "Session 3 · mentoring · sprint 2 · 2 new, 1 updated, 1 closed goals".
    summary: String,
    /// The notes, as HTML.
    content_html: String,
}

#[derive(Serialize)]
struct FeedView<'a> {
    title: &'a str,
    id: String,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

fn timestamp(d: crate::date::Date) -> String {
    format!("{d}T00:00:00Z")
}

fn permanent_id(base_url: &str, url: &str) -> String {
    if base_url.contains("://") {
        format!("{}{url}", base_url.trim_end_matches('/'))
    } else {
        format!("urn:mentorlog:page:{}", url.trim_matches('/'))
    }
}

pub(super) fn page(env: &Env<'_>) -> (&'static str, Context) {
    let mentorships = &env.log.mentorships;
    let mut all: Vec<(usize, usize)> = mentorships
        .iter()
        .enumerate()
        .flat_map(|(mi, m)| (0..m.sessions.len()).map(move |si| (mi, si)))
        .collect();
    let date = |&(mi, si): &(usize, usize)| mentorships[mi].sessions[si].front.date;
    all.sort_by(|a, b| {
        date(b)
            .cmp(&date(a))
            .then(a.0.cmp(&b.0))
            .then(b.1.cmp(&a.1))
    });
    all.truncate(env.config.feed.limit);
    let entries: Vec<_> = all
        .iter()
        .map(|&(mi, si)| {
            // From the history alone: what a mentorship's pages share is made for them,
            // and a build lets it go once they are rendered.
            let m = &env.log.mentorships[mi];
            let s = &m.sessions[si];
            let sum = SessionSummary::of(s);
            let t = env.t;
            let number = s.number.to_string();
            let date = t.long_date(s.front.date);
            let mut summary = t.format(
                "feed.summary",
                None,
                &[("number", &number), ("date", &date)],
            );
            if let Some(sp) = &sum.sprint {
                summary.push_str(&t.format("feed.summary_sprint", None, &[("sprint", sp)]));
            }
            let counts =
                [sum.new_goals, sum.updated_goals, sum.closed_goals].map(|n| n.to_string());
            summary.push_str(&t.format(
                "feed.summary_goals",
                None,
                &[
                    ("new", &counts[0]),
                    ("updated", &counts[1]),
                    ("closed", &counts[2]),
                ],
            ));
            FeedEntry {
                title: &s.title,
                url: &s.url,
                id: permanent_id(&env.config.base_url, &s.url),
                updated: timestamp(s.front.date),
                mentorship: &m.front.title,
                summary,
                content_html: body_html(
                    env,
                    m,
                    &s.body,
                    Fit {
                        base_level: 2,
                        id_prefix: Some(&format!("s{}-", s.number)),
                        place: "the notes",
                    },
                ),
            }
        })
        .collect();
    let newest = all
        .first()
        .map(date)
        .or_else(|| env.log.mentorships.iter().map(|m| m.front.started).max());
    let view = FeedView {
        title: &env.site.title,
        id: permanent_id(&env.config.base_url, "/"),
        updated: newest.map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), timestamp),
        entries,
    };
    let mut ctx = env.site_ctx.clone();
    ctx.insert("feed", &view);
    ctx.insert("page", &info("feed", "", "/feed.xml", &env.site.title));
    ("feed.xml", ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_absolute_or_urns() {
        assert_eq!(
            permanent_id("https://example.org/log/", "/sessions/a/"),
            "https://example.org/log/sessions/a/"
        );
        assert_eq!(
            permanent_id("/", "/sessions/a/"),
            "urn:mentorlog:page:sessions/a"
        );
    }
}
