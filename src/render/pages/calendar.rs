//! `calendar.ics` (issue 18): a mentorship's next meetings and its open goals' due dates,
//! as an iCalendar file (RFC 5545) to subscribe to.
//!
//! - Only what the build's audience may see: it is made from the restricted log, and a
//!   meeting date that is a withheld session's is left out
//!   ([`Mentorship::announced_meeting`]).
//! - Stable: each event's `UID` is derived from what it is — the meeting's date, the goal's
//!   id — with the mentorship's slug, the base URL's path and its host (or `mentorlog`
//!   without one), so that a subscribed calendar updates an event instead of adding it
//!   again, and drops it when the goal closes.
//! - Deterministic: `DTSTAMP` is the latest session's date (the mentorship's start
//!   without one), never the time of the build; events are sorted.
//! - Lines end with CRLF and are folded at 75 octets, on character boundaries; text values
//!   escape `\`, `;`, `,` and newlines.

use crate::content::doc::Due;
use crate::date::Date;
use crate::history::Mentorship;

use super::super::Env;

/// The words of the calendar, in the build's language.
struct Words<'w> {
    /// A meeting's summary, before the mentorship's title: "Mentoring session".
    pub meeting: &'w str,
    /// A due date's summary, before the goal's text: "Due".
    pub due: &'w str,
    /// "Owner".
    pub owner: &'w str,
    /// "Measure".
    pub measure: &'w str,
    /// "Agenda".
    pub agenda: &'w str,
    /// The category of meetings: "meeting".
    pub category_meeting: &'w str,
    /// The category of due dates: "goal".
    pub category_goal: &'w str,
}

impl<'w> Words<'w> {
    /// The words of `t`'s language.
    fn of(t: &'w super::super::i18n::Translations) -> Self {
        Self {
            meeting: t.text("calendar.meeting"),
            due: t.text("calendar.due"),
            owner: t.text("calendar.owner"),
            measure: t.text("calendar.measure"),
            agenda: t.text("calendar.agenda"),
            category_meeting: t.text("calendar.category_meeting"),
            category_goal: t.text("calendar.category_goal"),
        }
    }
}

/// One event, before it is written.
struct Event<'w> {
    uid: String,
    date: Date,
    summary: String,
    description: Option<String>,
    url: Option<String>,
    /// Goals' due dates take no time in a calendar; meetings do.
    transparent: bool,
    category: &'w str,
}

/// `calendar.ics` of mentorship `mi`.
// Long on purpose: writes the calendar top to bottom, in RFC 5545's order.
pub(super) fn ics(env: &Env<'_>, mi: usize) -> Vec<u8> {
    let l = env.lookup(mi);
    let m = l.m;
    let urls = &l.urls;
    let words = &Words::of(env.t);
    let abs = |path: &str| absolute(&env.config.base_url, &env.base, path);
    let scope = uid_scope(m, &env.config.base_url, &env.base);
    let mut events = Vec::new();

    // Every meeting announced (`next:`), once, unless it is a withheld session's date.
    let mut meetings: Vec<Date> = m
        .sessions
        .iter()
        .filter_map(|s| m.announced_meeting(s.front.next))
        .collect();
    meetings.sort_unstable();
    meetings.dedup();
    let upcoming = m.next_meeting();
    for date in meetings {
        let held = m
            .sessions
            .binary_search_by(|s| s.front.date.cmp(&date))
            .ok()
            .map(|i| &m.sessions[i]);
        let (url, description) = match held {
            Some(s) => (abs(&s.url), Some(s.title.clone())),
            None if Some(date) == upcoming => {
                let url = abs(&urls.next);
                (url.clone(), url.map(|u| format!("{}: {u}", words.agenda)))
            }
            None => (None, None),
        };
        events.push(Event {
            uid: format!("meeting-{}{scope}", compact(date)),
            date,
            summary: format!("{}: {}", words.meeting, m.front.title),
            description,
            url,
            transparent: false,
            category: words.category_meeting,
        });
    }

    // Open goals with a due date (a due sprint has no date).
    for g in m.goals.iter().filter(|g| g.open) {
        let Some(Due::Date(date)) = g.due else {
            continue;
        };
        let mut description = Vec::new();
        if !g.owners().is_empty() {
            description.push(format!("{}: {}", words.owner, g.owners().join(", ")));
        }
        if let Some(measure) = &g.measure {
            description.push(format!("{}: {measure}", words.measure));
        }
        events.push(Event {
            uid: format!("goal-{}{scope}", g.id),
            date,
            summary: format!("{}: {}", words.due, g.text),
            description: (!description.is_empty()).then(|| description.join("\n")),
            url: abs(&g.url),
            transparent: true,
            category: words.category_goal,
        });
    }
    events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));

    let stamp = m.as_of.unwrap_or(m.front.started);
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!(
        "PRODID:-//mentorlog//mentorlog {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.line(&format!("X-WR-CALNAME:{}", text(&m.front.title)));
    out.line(&format!("NAME:{}", text(&m.front.title)));
    for e in &events {
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:{}", e.uid));
        out.line(&format!("DTSTAMP:{}T000000Z", compact(stamp)));
        out.line(&format!("DTSTART;VALUE=DATE:{}", compact(e.date)));
        out.line(&format!(
            "DTEND;VALUE=DATE:{}",
            compact(e.date.plus_days(1))
        ));
        out.line(&format!("SUMMARY:{}", text(&e.summary)));
        if let Some(d) = &e.description {
            out.line(&format!("DESCRIPTION:{}", text(d)));
        }
        if let Some(u) = &e.url {
            out.line(&format!("URL:{u}"));
        }
        out.line(&format!("CATEGORIES:{}", text(e.category)));
        if e.transparent {
            out.line("TRANSP:TRANSPARENT");
        }
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.0.into_bytes()
}

/// The part of every UID after what the event is: `.SLUG` of the mentorship (with
/// several), `.PATH` of the base URL's path, and `@HOST` (`@mentorlog` when the base URL
/// has no host).
fn uid_scope(m: &Mentorship, base_url: &str, base_path: &str) -> String {
    let mut scope = String::new();
    for part in [m.slug.as_str(), base_path] {
        let part = crate::content::markdown::slug(part);
        if !part.is_empty() {
            scope.push('.');
            scope.push_str(&part);
        }
    }
    let host = base_url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .map(|h| {
            h.rsplit('@')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| "mentorlog".to_owned());
    format!("{scope}@{host}")
}

/// An absolute URL of a site path, when the base URL has a host (a calendar's `URL` must
/// be a whole URI).
fn absolute(base_url: &str, base_path: &str, path: &str) -> Option<String> {
    let (scheme, rest) = base_url.split_once("://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}{base_path}{path}"))
}

/// `20260318`.
fn compact(d: Date) -> String {
    d.to_string().replace('-', "")
}

/// A TEXT value, escaped (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // Control characters are not allowed in TEXT (a CR before LF is dropped).
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines, folded at 75 octets and ended with CRLF (RFC 5545 §3.1).
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, line: &str) {
        const MAX: usize = 75;
        let mut room = MAX;
        let mut used = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if used + n > room {
                self.0.push_str("\r\n ");
                // A continuation line starts with the space, which counts.
                room = MAX - 1;
                used = 0;
            }
            self.0.push(c);
            used += n;
        }
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne\r"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut l = Lines::default();
        let long = format!("SUMMARY:{}", "é".repeat(100));
        l.line(&long);
        for line in l.0.split("\r\n").filter(|x| !x.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = l.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }

    #[test]
    fn absolute_urls_need_a_host() {
        assert_eq!(
            absolute("https://example.org/log/", "/log", "/goals/a/").as_deref(),
            Some("https://example.org/log/goals/a/")
        );
        assert_eq!(absolute("/", "", "/goals/a/"), None);
    }
}
