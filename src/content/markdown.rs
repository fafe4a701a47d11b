//! Markdown bodies: finding the links mentorlog resolves, and rendering to HTML.
//!
//! Two kinds of link are ours: a relative path to another note (`[kickoff](kickoff.md)`)
//! and a goal (`[faster reviews](goal:fast-reviews)`). `links` finds them with their byte
//! spans so the history stage can report a dangling one at its exact place; [`render`]
//! turns the body into HTML, asking a resolver for each of our links' URL. A link whose
//! target this build does not publish loses its anchor but keeps its text, so a withheld
//! note leaves no trace. This module never reads files.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// What one of our links points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A note, by its path relative to the linking note's folder (`../kickoff.md`).
    Note {
        /// The relative path as written, without fragment.
        path: String,
        /// `#section`, if any.
        fragment: Option<String>,
    },
    /// A goal by id.
    Goal(String),
}

/// One of our links in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where it points.
    pub target: Target,
    /// Byte range of the whole link in the body.
    pub span: std::ops::Range<usize>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Classifies a link destination: ours or someone else's.
#[must_use]
pub fn classify(dest: &str) -> Option<Target> {
    if let Some(id) = dest.strip_prefix("goal:") {
        return Some(Target::Goal(id.trim().to_owned()));
    }
    if dest.contains("://")
        || dest.starts_with('#')
        || dest.starts_with('/')
        || dest.starts_with("mailto:")
    {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    path.to_ascii_lowercase()
        .ends_with(".md")
        .then(|| Target::Note {
            path: path.to_owned(),
            fragment,
        })
}

/// Every note and goal link in `body`, in order.
#[must_use]
pub fn links(body: &str) -> Vec<Link> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                classify(&dest_url).map(|target| Link {
                    target,
                    span: range,
                })
            }
            _ => None,
        })
        .collect()
}

/// How to render a body.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Pass raw HTML through instead of escaping it.
    pub unsafe_html: bool,
    /// Heading levels to add, so that a note's `#` sits below the page's own headings.
    pub heading_shift: u8,
    /// Ids the page around the body uses itself (the theme's skip target, its section
    /// headings …): a heading id equal to one gets a suffix, as a repeated id does.
    pub reserved_id: Option<fn(&str) -> bool>,
}

/// Renders `body` to HTML. `resolve` gives the URL of each of our links, or `None` when
/// its target is not published (the link becomes plain text).
// Long on purpose: one loop over pulldown-cmark's events, each arm changing the same state
// of open elements.
pub fn render(
    body: &str,
    opts: RenderOptions,
    resolve: &dyn Fn(&Target) -> Option<String>,
) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    // For each open link: whether its anchor was dropped.
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut heading: Option<usize> = None;
    // Headings are named once the whole body is seen: a heading id must not repeat a
    // footnote's either, and footnotes may come last.
    let mut headings: Vec<usize> = Vec::new();
    let mut used_ids = HashSet::new();
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match classify(&dest_url) {
                Some(target) => match resolve(&target) {
                    Some(url) => {
                        dropped_links.push(false);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url.into(),
                            title,
                            id,
                        }));
                    }
                    None => dropped_links.push(true),
                },
                // A script URL runs code on click: kept as text unless raw HTML is allowed.
                None if !opts.unsafe_html && is_script_url(&dest_url) => dropped_links.push(true),
                None => {
                    dropped_links.push(false);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            },
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match classify(&dest_url) {
                    Some(target) => resolve(&target).map_or(CowStr::Borrowed(""), CowStr::from),
                    None => dest_url,
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level: shift(level, opts.heading_shift),
                    id,
                    classes,
                    // `# Title {onclick=…}` writes any attribute: raw HTML by another name
                    // (found by fuzzing). Ids and classes stay.
                    attrs: if opts.unsafe_html { attrs } else { Vec::new() },
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                headings.extend(heading.take());
                events.push(Event::End(TagEnd::Heading(shift(
                    level,
                    opts.heading_shift,
                ))));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !opts.unsafe_html => {
                events.push(Event::Text(raw));
            }
            // An entity (`&#27;`) decodes to a control character that the note's text may
            // not hold: shown as U+FFFD, as CommonMark shows `&#0;`.
            Event::Text(text) if text.chars().any(crate::content::load::is_forbidden_control) => {
                let shown: String = text
                    .chars()
                    .map(|c| {
                        if crate::content::load::is_forbidden_control(c) {
                            '\u{fffd}'
                        } else {
                            c
                        }
                    })
                    .collect();
                events.push(Event::Text(shown.into()));
            }
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                // The HTML writer gives a footnote's definition its label as id.
                used_ids.insert(label.to_string());
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let reserved = opts.reserved_id.unwrap_or(|_| false);
    for start in headings {
        name_heading(&mut events, start, &mut used_ids, reserved);
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as u8).saturating_add(by).min(6);
    HeadingLevel::try_from(usize::from(n)).unwrap_or(HeadingLevel::H6)
}

/// Gives the heading that starts at `events[start]` an id made from its text, unless the
/// author wrote one (`{#id}`); ids already used, or `reserved` for the page, get `-1`,
/// `-2` ….
fn name_heading(
    events: &mut [Event<'_>],
    start: usize,
    used: &mut HashSet<String>,
    reserved: fn(&str) -> bool,
) {
    let text: String = events[start + 1..]
        .iter()
        .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        let base = match id {
            Some(given) => given.to_string(),
            None => slug(&text),
        };
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let mut unique = base.clone();
        let mut n = 1;
        // Only the id as written can be one the page reserves: the theme's ids have no
        // `-N` suffix (and a pattern like `search_…` would match every suffix too).
        while (unique == base && reserved(&unique)) || !used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        *id = Some(unique.into());
    }
}

/// `javascript:`, `vbscript:` and `data:` URLs, however they are spelled.
fn is_script_url(dest: &str) -> bool {
    let scheme: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':')
        .flat_map(char::to_lowercase)
        .collect();
    dest.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// A URL-safe slug: lowercase letters and digits joined by single dashes.
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_do_not_make_control_characters() {
        let html = render(
            "a&#27;[2J b&#x85;c &#9;d\n",
            RenderOptions::default(),
            &|_| None,
        );
        assert_eq!(html, "<p>a\u{fffd}[2J b\u{fffd}c \td</p>\n");
    }

    #[test]
    fn heading_ids_avoid_reserved_ids_and_footnotes() {
        let opts = RenderOptions {
            // A pattern matches suffixed ids too: only the id as written is checked.
            reserved_id: Some(|id| id == "main_content" || id.starts_with("search_")),
            ..RenderOptions::default()
        };
        let body = "# Skip {#main_content}\n\n# Again {#main_content}\n\n# Note {#fn}\n\n\
                    # Plain\n\n# Find {#search_q}\n\nText[^fn].\n\n[^fn]: The note.\n";
        let html = render(body, opts, &|_| None);
        assert!(
            html.contains("<h1 id=\"main_content-1\">Skip</h1>"),
            "{html}"
        );
        assert!(
            html.contains("<h1 id=\"main_content-2\">Again</h1>"),
            "{html}"
        );
        assert!(html.contains("<h1 id=\"fn-1\">Note</h1>"), "{html}");
        assert!(html.contains("<h1 id=\"plain\">Plain</h1>"), "{html}");
        assert!(html.contains("<h1 id=\"search_q-1\">Find</h1>"), "{html}");
        assert!(
            html.contains("id=\"fn\""),
            "the footnote keeps its id: {html}"
        );
        // Nothing reserved: ids as before.
        let html = render(
            "# Skip {#main_content}\n",
            RenderOptions::default(),
            &|_| None,
        );
        assert!(html.contains("<h1 id=\"main_content\">"), "{html}");
    }

    #[test]
    fn classifies_links() {
        assert_eq!(
            classify("goal:fast-reviews"),
            Some(Target::Goal("fast-reviews".into()))
        );
        assert_eq!(
            classify("../a.md#x"),
            Some(Target::Note {
                path: "../a.md".into(),
                fragment: Some("x".into())
            })
        );
        assert_eq!(classify("https://example.org/a.md"), None);
        assert_eq!(classify("#top"), None);
    }

    #[test]
    fn finds_link_spans() {
        let body = "See [the kickoff](kickoff.md) and [x](goal:a).";
        let found = links(body);
        assert_eq!(found.len(), 2);
        assert_eq!(&body[found[0].span.clone()], "[the kickoff](kickoff.md)");
    }

    #[test]
    fn renders_resolved_and_withheld_links() {
        let body = "[a](goal:a) and [b](goal:b)";
        let html = render(body, RenderOptions::default(), &|t| match t {
            Target::Goal(id) if id == "a" => Some("/goals/a/".into()),
            _ => None,
        });
        assert_eq!(html, "<p><a href=\"/goals/a/\">a</a> and b</p>\n");
    }

    #[test]
    fn script_urls_lose_their_anchor() {
        for dest in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:x",
            "data:text/html,x",
        ] {
            let html = render(
                &format!("[click](<{dest}>)"),
                RenderOptions::default(),
                &|_| None,
            );
            assert_eq!(html, "<p>click</p>\n", "{dest}");
        }
        assert!(
            render(
                "[ok](https://example.org)",
                RenderOptions::default(),
                &|_| None
            )
            .contains("href")
        );
    }

    #[test]
    fn escapes_raw_html_unless_allowed() {
        let html = render("<script>x</script>\n", RenderOptions::default(), &|_| None);
        assert!(html.contains("&lt;script&gt;"));
        let opts = RenderOptions {
            unsafe_html: true,
            heading_shift: 0,
            ..RenderOptions::default()
        };
        assert!(render("<b>x</b>\n", opts, &|_| None).contains("<b>x</b>"));
    }

    #[test]
    fn heading_attributes_are_raw_html() {
        let body = "# Title {#t .c onclick=alert(1)}\n";
        let html = render(body, RenderOptions::default(), &|_| None);
        assert_eq!(html, "<h1 id=\"t\" class=\"c\">Title</h1>\n");
        let opts = RenderOptions {
            unsafe_html: true,
            heading_shift: 0,
            ..RenderOptions::default()
        };
        assert!(render(body, opts, &|_| None).contains("onclick=\"alert(1)\""));
    }

    #[test]
    fn headings_get_ids_and_shift() {
        let opts = RenderOptions {
            unsafe_html: false,
            heading_shift: 1,
            ..RenderOptions::default()
        };
        let html = render("# Hello World\n\n# Hello World\n", opts, &|_| None);
        assert!(html.contains("<h2 id=\"hello-world\">"));
        assert!(html.contains("<h2 id=\"hello-world-1\">"));
    }
}
