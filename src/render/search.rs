//! The search index: what `/search/` looks through, as `search-index.json`.
//!
//! One document per session, goal and person of the log it is given — the log already
//! restricted to the build's audience, so the index holds only what the build publishes
//! (PRODUCT.md §8). Text is plain: Markdown is reduced to its words, raw HTML left out.
//! Pure: no I/O.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::history::Log;

/// One searchable page.
#[derive(Debug, Serialize)]
pub struct Doc {
    /// `session`, `goal` or `person`.
    pub kind: &'static str,
    /// The page's title.
    pub title: String,
    /// Its URL, with the site's base path.
    pub url: String,
    /// A short line shown under the title: date, status, role.
    pub meta: String,
    /// The words to search.
    pub text: String,
}

/// The index file's contents: `{"version": 1, "docs": [...]}`, each document made as it
/// is written, so that the index (tens of megabytes at 10,000 notes) is never held whole.
pub struct Index<'a> {
    log: &'a Log,
    base: &'a str,
}

/// Builds the index of `log`; URLs get `base` (the base URL's path, e.g. `/log`).
#[must_use]
pub fn index<'a>(log: &'a Log, base: &'a str) -> Index<'a> {
    Index { log, base }
}

impl Serialize for Index<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        struct Docs<'i>(&'i Index<'i>);
        impl Serialize for Docs<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.docs())
            }
        }
        let mut out = serializer.serialize_struct("Index", 2)?;
        out.serialize_field("version", &1u32)?;
        out.serialize_field("docs", &Docs(self))?;
        out.end()
    }
}

impl Index<'_> {
    /// The documents, in site order: each mentorship's sessions, goals and people.
    pub fn docs(&self) -> impl Iterator<Item = Doc> + '_ {
        let (log, base) = (self.log, self.base);
        let several = log.mentorships.len() > 1;
        log.mentorships.iter().flat_map(move |m| {
            let within = move |meta: String| {
                if several {
                    format!("{meta} · {}", m.front.title)
                } else {
                    meta
                }
            };
            let sessions = m.sessions.iter().map(move |s| Doc {
                kind: "session",
                title: s.title.clone(),
                url: format!("{base}{}", s.url),
                meta: within(format!(
                    "Session {} · {}{}",
                    s.number,
                    s.front.date.long(),
                    s.front
                        .sprint
                        .as_ref()
                        .map(|sp| format!(" · sprint {sp}"))
                        .unwrap_or_default()
                )),
                text: session_text(s),
            });
            let goals = m.goals.iter().map(move |g| {
                let mut text = vec![g.id.clone(), g.text.clone()];
                text.extend(g.owners().iter().cloned());
                text.extend(g.measure.clone());
                text.extend(g.events.iter().filter_map(|e| e.note.clone()));
                Doc {
                    kind: "goal",
                    title: g.text.clone(),
                    url: format!("{base}{}", g.url),
                    meta: within(format!(
                        "Goal · {}{}",
                        g.status.as_str(),
                        match g.owners() {
                            [] => String::new(),
                            names => format!(" · {}", names.join(", ")),
                        }
                    )),
                    text: text.join(" \n"),
                }
            });
            let people = m.people.iter().map(move |p| {
                let role = match (p.mentor, p.member) {
                    (true, _) => "Mentor",
                    (false, true) => "Team member",
                    _ => "Attendee",
                };
                Doc {
                    kind: "person",
                    title: p.name.clone(),
                    url: format!("{base}{}people/{}/", m.url, p.slug),
                    meta: within(format!(
                        "{role} · {} {}",
                        p.sessions.len(),
                        if p.sessions.len() == 1 {
                            "session"
                        } else {
                            "sessions"
                        }
                    )),
                    text: p.name.clone(),
                }
            });
            sessions.chain(goals).chain(people)
        })
    }
}

fn session_text(s: &crate::history::Session) -> String {
    // What a reader looks for first comes first: it is what a result's snippet shows.
    let f = &s.front;
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(f.reflection.as_deref());
    parts.extend(f.weaknesses.iter().map(|x| x.text.as_str()));
    parts.extend(f.strengths.iter().map(|x| x.text.as_str()));
    parts.extend(f.questions.iter().map(|x| x.text.as_str()));
    for g in &s.goal_changes {
        parts.push(&g.text);
        parts.extend(g.note.as_deref());
    }
    let body = plain_text(&s.body);
    parts.push(&body);
    for b in &f.backlog {
        parts.push(&b.item);
        parts.extend(b.note.as_deref());
    }
    parts.extend(f.attendees.iter().map(String::as_str));
    parts.extend(f.tags.iter().map(String::as_str));
    parts.join(" \n")
}

/// The words of a Markdown body: text and code, no markup, no raw HTML, no URLs.
#[must_use]
pub fn plain_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            )
            | Event::Start(Tag::Item) => out.push_str(" \n"),
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_only() {
        let t = plain_text(
            "# Title\n\nSome *emphasis* and [a link](https://x.example/secret).\n\n<b>raw</b>\n\n- one\n- two `code`\n",
        );
        assert!(t.contains("Title"));
        assert!(t.contains("Some emphasis and a link."));
        assert!(t.contains("two code"));
        assert!(!t.contains("x.example"));
        assert!(!t.contains("<b>"));
    }
}
