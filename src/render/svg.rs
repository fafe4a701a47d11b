//! Pictures made at build time: the goal timeline of a mentorship, as inline SVG.
//!
//! Sessions stand on a time axis; each goal is a bar from the session that introduced it to
//! the one that closed it (open goals run to the latest session), ended by a mark whose
//! *shape* tells the outcome, followed by the outcome in words. Colours come from classes
//! styled in the theme's stylesheet (light, dark, print): the SVG carries no `style`
//! attribute, so it works under a Content-Security-Policy without `'unsafe-inline'`.
//! Deterministic: the same model gives the same bytes. Pure: no I/O.

use std::fmt::Write as _;

use crate::content::doc::GoalStatus;
use crate::date::Date;
use crate::history::Mentorship;

use super::i18n::Translations;

/// At most this many goals are drawn (the open ones first, then the latest closed).
pub(crate) const MAX_GOALS: usize = 40;

const WIDTH: f64 = 960.0;
const LABEL_W: f64 = 230.0;
const RIGHT: f64 = 112.0;
const TOP: f64 = 46.0;
const ROW: f64 = 28.0;
const BOTTOM: f64 = 40.0;
const FONT: f64 = 12.5;

/// The goals a timeline shows, as indices into `m.goals` in the order introduced: every
/// open goal and the latest closed ones, at most [`MAX_GOALS`].
#[must_use]
pub(crate) fn timeline_goals(m: &Mentorship) -> Vec<usize> {
    let mut picked: Vec<usize> = (0..m.goals.len()).filter(|&i| m.goals[i].open).collect();
    picked.truncate(MAX_GOALS);
    let room = MAX_GOALS - picked.len();
    picked.extend(
        (0..m.goals.len())
            .rev()
            .filter(|&i| !m.goals[i].open)
            .take(room),
    );
    picked.sort_by_key(|&i| (m.goals[i].introduced, i));
    picked
}

/// The SVG of `goals` (indices into `m.goals`), with `id_prefix` before its element ids
/// (so that a page may hold several), its words in `t`'s language. `None` when there is
/// no session to draw.
#[must_use]
pub(crate) fn timeline(
    m: &Mentorship,
    goals: &[usize],
    id_prefix: &str,
    t: &Translations,
) -> Option<String> {
    let first = m.sessions.first()?;
    let last = m.sessions.last()?;
    let start = goals
        .iter()
        .map(|&g| m.sessions[m.goals[g].introduced].front.date)
        .min()
        .unwrap_or(first.front.date);
    let end = last.front.date;
    let scale = Scale {
        start,
        span: start.days_until(end).max(1) as f64,
        plot_w: WIDTH - LABEL_W - RIGHT,
    };
    let rows = goals.len().max(1) as f64;
    let height = TOP + rows * ROW + BOTTOM;
    let plot_bottom = TOP + rows * ROW;

    let mut s = String::with_capacity(4096 + goals.len() * 700);
    let title_id = format!("{id_prefix}tl_title");
    let desc_id = format!("{id_prefix}tl_desc");
    let _ = write!(
        s,
        "<svg class=\"timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" font-size=\"{FONT}\">"
    );
    let _ = write!(
        s,
        "<title id=\"{title_id}\">{}</title>",
        esc(&t.format("timeline.svg_title", None, &[("title", &m.front.title)]))
    );
    let _ = write!(
        s,
        "<desc id=\"{desc_id}\">{}</desc>",
        esc(&describe(m, goals, t))
    );

    // Zebra rows behind everything.
    for (row, _) in goals.iter().enumerate() {
        if row % 2 == 1 {
            let y = TOP + row as f64 * ROW;
            let _ = write!(
                s,
                "<rect class=\"tl-zebra\" x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{ROW}\"/>"
            );
        }
    }
    session_lines(&mut s, m, &scale, plot_bottom, t);
    month_axis(&mut s, &scale, end, plot_bottom, t);
    for (row, &gi) in goals.iter().enumerate() {
        goal_row(&mut s, m, gi, TOP + row as f64 * ROW + ROW / 2.0, &scale, t);
    }
    s.push_str("</svg>");
    Some(s)
}

/// Where a date goes along the timeline's width.
struct Scale {
    /// The first date drawn.
    start: Date,
    /// Days from `start` to the last session (at least 1).
    span: f64,
    /// The plot's width.
    plot_w: f64,
}

impl Scale {
    fn x(&self, d: Date) -> f64 {
        let days = self.start.days_until(d).max(0) as f64;
        LABEL_W + 8.0 + (self.plot_w - 16.0) * (days / self.span).min(1.0)
    }
}

/// Sessions: a faint line each, numbered at the top where there is room.
fn session_lines(
    s: &mut String,
    m: &Mentorship,
    scale: &Scale,
    plot_bottom: f64,
    t: &Translations,
) {
    let x = |d: Date| scale.x(d);
    let start = scale.start;
    let step = label_step(m.sessions.iter().map(|s| x(s.front.date)));
    let _ = write!(
        s,
        "<text class=\"tl-axis-title\" x=\"0\" y=\"18\">{}</text>",
        esc(t.text("timeline.axis"))
    );
    let mut last_label = f64::NEG_INFINITY;
    for (i, session) in m.sessions.iter().enumerate() {
        if session.front.date < start {
            continue;
        }
        let sx = r(x(session.front.date));
        let _ = write!(
            s,
            "<line class=\"tl-session\" x1=\"{sx}\" y1=\"{}\" x2=\"{sx}\" y2=\"{plot_bottom}\"/>",
            TOP - 8.0
        );
        if (i % step == 0 || i + 1 == m.sessions.len()) && sx - last_label >= 18.0 {
            last_label = sx;
            let _ = write!(
                s,
                "<text class=\"tl-session-label\" x=\"{sx}\" y=\"18\" text-anchor=\"middle\">{}</text>",
                session.number
            );
            let _ = write!(
                s,
                "<circle class=\"tl-session-dot\" cx=\"{sx}\" cy=\"{}\" r=\"3\"/>",
                TOP - 12.0
            );
        }
    }
}

/// The months along the bottom.
fn month_axis(s: &mut String, scale: &Scale, end: Date, plot_bottom: f64, t: &Translations) {
    let x = |d: Date| scale.x(d);
    let start = scale.start;
    let _ = write!(
        s,
        "<line class=\"tl-axis\" x1=\"{LABEL_W}\" y1=\"{plot_bottom}\" x2=\"{}\" y2=\"{plot_bottom}\"/>",
        WIDTH - RIGHT
    );
    for (date, label) in month_ticks(start, end, t) {
        let mx = r(x(date));
        let _ = write!(
            s,
            "<line class=\"tl-tick\" x1=\"{mx}\" y1=\"{plot_bottom}\" x2=\"{mx}\" y2=\"{}\"/><text class=\"tl-month\" x=\"{mx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            plot_bottom + 5.0,
            plot_bottom + 20.0,
            esc(&label)
        );
    }
}

/// One goal's row, centred at `cy`: its label, its bar from introduction to close (or the
/// latest session), and the mark of its outcome.
fn goal_row(s: &mut String, m: &Mentorship, gi: usize, cy: f64, scale: &Scale, t: &Translations) {
    let x = |d: Date| scale.x(d);
    let g = &m.goals[gi];
    let x0 = r(x(m.sessions[g.introduced].front.date));
    let end_index = g.closed.unwrap_or(m.sessions.len() - 1);
    let x1 = r(x(m.sessions[end_index].front.date).max(x0 + 6.0));
    let status = g.status.as_str();
    let open = if g.open { " tl-open" } else { "" };
    let word = esc(t.text(&format!("status.{status}")));
    let _ = write!(s, "<g class=\"tl-goal tl-{status}{open}\">");
    let _ = write!(
        s,
        "<text class=\"tl-label\" x=\"0\" y=\"{}\">{}</text>",
        r(cy + FONT * 0.35),
        esc(&clip(&g.text, 33))
    );
    let _ = write!(
        s,
        "<rect class=\"tl-bar\" x=\"{x0}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"5\"/>",
        r(cy - 5.0),
        r(x1 - x0)
    );
    let _ = write!(
        s,
        "<circle class=\"tl-start\" cx=\"{x0}\" cy=\"{}\" r=\"4\"/>",
        r(cy)
    );
    s.push_str(&mark(g.status, x1, r(cy)));
    let _ = write!(
        s,
        "<text class=\"tl-outcome\" x=\"{}\" y=\"{}\">{word}</text>",
        r(x1 + 12.0),
        r(cy + FONT * 0.35),
    );
    s.push_str("</g>");
}

/// The end mark of a goal: its shape tells the outcome.
#[must_use]
pub(crate) fn mark(status: GoalStatus, x: f64, y: f64) -> String {
    let (a, b) = (r(x), r(y));
    match status {
        // A full circle.
        GoalStatus::Achieved => {
            format!("<circle class=\"tl-mark\" cx=\"{a}\" cy=\"{b}\" r=\"6.5\"/>")
        }
        // A diamond.
        GoalStatus::Partial => format!(
            "<path class=\"tl-mark\" d=\"M{a} {} L{} {b} L{a} {} L{} {b} Z\"/>",
            r(y - 7.5),
            r(x + 7.5),
            r(y + 7.5),
            r(x - 7.5)
        ),
        // A cross.
        GoalStatus::Missed => format!(
            "<path class=\"tl-mark tl-stroke\" d=\"M{} {} L{} {} M{} {} L{} {}\"/>",
            r(x - 5.5),
            r(y - 5.5),
            r(x + 5.5),
            r(y + 5.5),
            r(x - 5.5),
            r(y + 5.5),
            r(x + 5.5),
            r(y - 5.5)
        ),
        // A square.
        GoalStatus::Dropped => format!(
            "<rect class=\"tl-mark\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\"/>",
            r(x - 6.0),
            r(y - 6.0)
        ),
        // A triangle pointing on, to the goal that replaced it.
        GoalStatus::Superseded => format!(
            "<path class=\"tl-mark\" d=\"M{} {} L{} {b} L{} {} Z\"/>",
            r(x - 5.0),
            r(y - 7.0),
            r(x + 7.0),
            r(x - 5.0),
            r(y + 7.0)
        ),
        // Still open: an arrowhead, the bar goes on.
        GoalStatus::Proposed | GoalStatus::Active | GoalStatus::Blocked => format!(
            "<path class=\"tl-mark tl-stroke\" d=\"M{} {} L{} {b} L{} {}\"/>",
            r(x - 4.0),
            r(y - 6.0),
            r(x + 3.0),
            r(x - 4.0),
            r(y + 6.0)
        ),
    }
}

/// A small standalone SVG of one mark, for legends.
#[must_use]
pub(crate) fn legend_mark(status: GoalStatus) -> String {
    format!(
        "<svg class=\"tl-key tl-{}\" viewBox=\"0 0 20 20\" width=\"20\" height=\"20\" aria-hidden=\"true\" focusable=\"false\">{}</svg>",
        status.as_str(),
        mark(status, 10.0, 10.0)
    )
}

fn describe(m: &Mentorship, goals: &[usize], t: &Translations) -> String {
    let mut counts = [0usize; 8];
    for &g in goals {
        if let Some(i) = GoalStatus::ALL.iter().position(|s| *s == m.goals[g].status) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> = GoalStatus::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| {
            let key = format!("status.{}", s.as_str());
            let status = t.text(&key);
            t.format(
                "timeline.desc_part",
                None,
                &[("count", &n.to_string()), ("status", status)],
            )
        })
        .collect();
    let (first, last) = (m.sessions.first(), m.sessions.last());
    let span = match (first, last) {
        (Some(f), Some(l)) => t.format(
            "timeline.desc_span",
            i64::try_from(m.sessions.len()).ok(),
            &[
                ("first", &t.long_date(f.front.date)),
                ("last", &t.long_date(l.front.date)),
            ],
        ),
        _ => t.text("timeline.desc_no_sessions").to_owned(),
    };
    let shown = if goals.len() < m.goals.len() {
        t.format(
            "timeline.desc_shown",
            None,
            &[
                ("shown", &goals.len().to_string()),
                ("total", &m.goals.len().to_string()),
            ],
        )
    } else {
        String::new()
    };
    let parts = if parts.is_empty() {
        t.text("timeline.desc_no_parts").to_owned()
    } else {
        parts.join(", ")
    };
    t.format(
        "timeline.desc",
        None,
        &[
            ("span", &span),
            ("count", &goals.len().to_string()),
            ("shown", &shown),
            ("parts", &parts),
        ],
    )
}

/// Label every `n`-th session so that labels stand at least 18 units apart on average.
fn label_step(xs: impl Iterator<Item = f64>) -> usize {
    let xs: Vec<f64> = xs.collect();
    let (Some(first), Some(last)) = (xs.first(), xs.last()) else {
        return 1;
    };
    let avg = (last - first) / (xs.len().max(2) - 1) as f64;
    if avg >= 18.0 {
        1
    } else {
        (18.0 / avg.max(0.1)).ceil() as usize
    }
}

/// First days of months between `start` and `end`, thinned to at most ten labels, named
/// in `t`'s language.
fn month_ticks(start: Date, end: Date, t: &Translations) -> Vec<(Date, String)> {
    let (y0, m0) = year_month(start);
    let (y1, m1) = year_month(end);
    let months = (y1 - y0) * 12 + (m1 - m0);
    if months < 0 {
        return Vec::new();
    }
    let step = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| months / s < 10)
        .unwrap_or(240);
    let mut out = Vec::new();
    let mut k = 0;
    while k <= months {
        let total = y0 * 12 + (m0 - 1) + k;
        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        k += 1;
        if (total - (y0 * 12 + m0 - 1)) % step != 0 {
            continue;
        }
        let Some(d) = Date::new(y, u8::try_from(m).unwrap_or(1), 1) else {
            continue;
        };
        if d < start || d > end {
            continue;
        }
        let name = t.month_short(usize::try_from(m).unwrap_or(1));
        let label = if m == 1 || out.is_empty() {
            format!("{name} {y}")
        } else {
            name.to_owned()
        };
        out.push((d, label));
    }
    out
}

fn year_month(d: Date) -> (i32, i32) {
    let s = d.to_string();
    let month = s
        .get(s.len().saturating_sub(5)..s.len().saturating_sub(3))
        .and_then(|m| m.parse().ok())
        .unwrap_or(1);
    (d.year(), month)
}

/// Rounds to one decimal, so that output is short and stable.
fn r(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(text: &str, n: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= n {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(n - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Escapes text for XML content and attribute values.
#[must_use]
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn months_are_labelled_and_thinned() {
        let t = Translations::load(&super::super::theme::builtin(), "en").unwrap();
        let ticks = month_ticks(d("2026-03-02"), d("2026-06-19"), &t);
        let labels: Vec<&str> = ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Apr 2026", "May", "Jun"]);
        let long = month_ticks(d("2020-01-01"), d("2026-01-01"), &t);
        assert!(long.len() <= 10, "{long:?}");
    }

    #[test]
    fn marks_differ_in_shape() {
        let shapes: std::collections::HashSet<String> = GoalStatus::ALL
            .iter()
            .filter(|s| !s.is_open())
            .map(|&s| {
                let m = mark(s, 0.0, 0.0);
                format!(
                    "{}{}{}",
                    m.split_whitespace().next().unwrap(),
                    m.matches('L').count(),
                    m.contains(" Z")
                )
            })
            .collect();
        assert_eq!(shapes.len(), 5, "{shapes:?}");
    }

    #[test]
    fn text_is_escaped_and_clipped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
