//! `sitemap.xml`: every HTML page of the site, with the date it last changed.

use serde::Serialize;
use tera::Context;

use super::super::Env;
use super::{PageId, info};

#[derive(Serialize)]
struct SitemapUrl {
    /// The page, without the base path.
    url: String,
    /// YYYY-MM-DD: the session's date, or the latest session's.
    lastmod: Option<String>,
}

pub(super) fn page(env: &Env<'_>, pages: &[PageId]) -> (&'static str, Context) {
    let latest_of = |mi: usize| env.log.mentorships[mi].as_of;
    let site_latest = env.log.mentorships.iter().filter_map(|m| m.as_of).max();
    let urls: Vec<SitemapUrl> = pages
        .iter()
        .filter_map(|&page| {
            let url = page.url(env.log)?;
            let lastmod = match page {
                PageId::Session(mi, i) => Some(env.log.mentorships[mi].sessions[i].front.date),
                _ => page.mentorship().map_or(site_latest, latest_of),
            };
            Some(SitemapUrl {
                url,
                lastmod: lastmod.map(|d| d.to_string()),
            })
        })
        .collect();
    let mut ctx = env.site_ctx.clone();
    ctx.insert("urls", &urls);
    ctx.insert("page", &info("sitemap", "", "/sitemap.xml", "Sitemap"));
    ("sitemap.xml", ctx)
}

/// Whether a build with this `base_url` writes `sitemap.xml`: only when it is absolute
/// (`https://example.org/log/`), since the sitemap protocol wants absolute `<loc>`s and
/// a sitemap of relative ones is rejected by search engines.
#[must_use]
pub fn writes_sitemap(base_url: &str) -> bool {
    base_url.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !rest.split('/').next().unwrap_or_default().is_empty()
    })
}
