//! Follow-through over time on the home page (issue 18): a small SVG made at build time,
//! with a title, a description and a table alternative, as the goal timeline is.
//!
//! The numbers are the model's ([`crate::history::FollowThrough`]), so the picture, its
//! table and `log.json` agree. The SVG carries classes only (no `style`), for the CSP; the
//! theme's stylesheet colours it in light, dark, print and forced colours. Deterministic
//! and pure.

use std::fmt::Write as _;

use serde::Serialize;

use crate::content::doc::GoalStatus;
use crate::history::{Mentorship, SessionFollowThrough};

use super::super::context::Shared;
use super::super::i18n::Translations;
use super::super::lookup::Lookup;
use super::super::native::{Arg, Html, field, given, status};
use super::super::svg::esc;

/// Sessions drawn and listed: the latest ones (a long log's home page stays small).
pub(crate) const MAX_SESSIONS: usize = 40;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 66.0;
const RIGHT: f64 = 16.0;
const SHARE_TOP: f64 = 34.0;
const SHARE_H: f64 = 110.0;
const AGE_TOP: f64 = 244.0;
const AGE_H: f64 = 56.0;
const HEIGHT: f64 = 316.0;

/// One row of the table alternative.
#[derive(Serialize)]
struct Row {
    /// The session (a session reference).
    session: Shared,
    carried: usize,
    followed_up: usize,
    /// The share followed up, in whole percent; absent when nothing was carried.
    share_pct: Option<u32>,
    opened: usize,
    closed: usize,
    open_after: usize,
    /// The median age of the open goals, in sessions: `2`, `1.5`; absent when none is
    /// open.
    median_age: Option<String>,
}

/// How many closed goals ended one way.
#[derive(Serialize)]
struct Outcome {
    status: GoalStatus,
    count: usize,
    /// In whole percent of the closed goals.
    pct: u32,
}

/// `follow_through` of the home page.
#[derive(Serialize)]
pub(super) struct FollowThroughView {
    /// The SVG (made by mentorlog; output it with `| safe`).
    svg: String,
    /// Session by session, the latest [`MAX_SESSIONS`] at most.
    rows: Vec<Row>,
    /// Sessions shown; sessions in all.
    shown: usize,
    total: usize,
    /// Goals closed and open now.
    closed: usize,
    open: usize,
    /// Every closed outcome with goals, in the order of the statuses.
    outcomes: Vec<Outcome>,
    /// The share of all goals that reached each session followed up, over the sessions
    /// shown, in whole percent; absent when no session had goals to follow up.
    overall_pct: Option<u32>,
}

fn pct(share: f64) -> u32 {
    // A share is between 0 and 1.
    (share * 100.0).round().clamp(0.0, 100.0) as u32
}

/// `2`, `1.5` (`1,5` where the language writes a decimal comma).
fn age_text(age: f64, t: &Translations) -> String {
    if age.fract() == 0.0 {
        format!("{age:.0}")
    } else {
        format!("{age:.1}").replace('.', t.text("number.decimal"))
    }
}

/// The home page's follow-through, its picture's words in `t`'s language; `None` without
/// sessions.
pub(super) fn view(l: &Lookup<'_>, id_prefix: &str, t: &Translations) -> Option<FollowThroughView> {
    let m = l.m;
    let ft = &m.follow_through;
    if ft.sessions.is_empty() {
        return None;
    }
    let start = ft.sessions.len().saturating_sub(MAX_SESSIONS);
    let shown = &ft.sessions[start..];
    let rows = shown
        .iter()
        .map(|s| Row {
            session: l.session_ref(s.session),
            carried: s.carried,
            followed_up: s.followed_up,
            share_pct: s.share.map(pct),
            opened: s.opened,
            closed: s.closed,
            open_after: s.open_after,
            median_age: s.median_age.map(|a| age_text(a, t)),
        })
        .collect();
    let (carried, followed): (usize, usize) = shown
        .iter()
        .fold((0, 0), |(c, f), s| (c + s.carried, f + s.followed_up));
    Some(FollowThroughView {
        svg: svg(m, shown, id_prefix, t),
        rows,
        shown: shown.len(),
        total: ft.sessions.len(),
        closed: ft.closed,
        open: ft.open,
        outcomes: ft
            .outcomes
            .iter()
            .filter(|o| o.count > 0)
            .map(|o| Outcome {
                status: o.status,
                count: o.count,
                pct: o.share.map_or(0, pct),
            })
            .collect(),
        overall_pct: (carried > 0).then(|| pct(followed as f64 / carried as f64)),
    })
}

/// The picture: the share of the previous session's open goals each session followed up
/// (bars, 0–100 %), goals opened and closed under each session, and the median age of the
/// open goals (a line).
// Long on purpose: one picture drawn top to bottom (grid, bars, lines, labels), every part
// placed on the same scales; split, a dozen coordinates would travel between the pieces.
fn svg(
    m: &Mentorship,
    sessions: &[SessionFollowThrough],
    id_prefix: &str,
    t: &Translations,
) -> String {
    let word = |key: &str| esc(t.text(key));
    let percent = |p: u32| esc(&t.format("follow.pct", None, &[("pct", &p.to_string())]));
    let n = sessions.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let slot = plot_w / n as f64;
    let cx = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let bar_w = (slot * 0.6).min(34.0);
    let title_id = format!("{id_prefix}ft_title");
    let desc_id = format!("{id_prefix}ft_desc");
    let mut s = String::with_capacity(4096 + n * 600);
    let _ = write!(
        s,
        "<svg class=\"follow-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" font-size=\"12\">"
    );
    let _ = write!(
        s,
        "<title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc>",
        esc(&t.format("follow.svg_title", None, &[("title", &m.front.title)])),
        esc(&describe(m, sessions, t))
    );

    // Panel 1: the share followed up.
    let _ = write!(
        s,
        "<text class=\"ft-axis-title\" x=\"0\" y=\"14\">{}</text>",
        word("follow.axis_share")
    );
    let y_share = |share: f64| SHARE_TOP + SHARE_H * (1.0 - share);
    for (v, label) in [(0.0, percent(0)), (0.5, percent(50)), (1.0, percent(100))] {
        let y = r(y_share(v));
        let _ = write!(
            s,
            "<line class=\"ft-grid\" x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/><text class=\"ft-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            r(y + 4.0)
        );
    }
    let labels = slot >= 26.0;
    let numbers_every = (18.0 / slot).ceil().max(1.0) as usize;
    for (i, f) in sessions.iter().enumerate() {
        let x = cx(i);
        match f.share {
            Some(share) => {
                let top = y_share(share);
                let _ = write!(
                    s,
                    "<rect class=\"ft-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    r(x - bar_w / 2.0),
                    r(top),
                    r(bar_w),
                    r(SHARE_TOP + SHARE_H - top)
                );
                if labels {
                    let _ = write!(
                        s,
                        "<text class=\"ft-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        r(x),
                        r(top - 4.0),
                        percent(pct(share))
                    );
                }
            }
            // Nothing to follow up: no bar, a dash.
            None => {
                let _ = write!(
                    s,
                    "<text class=\"ft-none\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">–</text>",
                    r(x),
                    r(SHARE_TOP + SHARE_H - 4.0)
                );
            }
        }
        if i % numbers_every == 0 || i + 1 == sessions.len() {
            let _ = write!(
                s,
                "<text class=\"ft-session\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                r(x),
                r(SHARE_TOP + SHARE_H + 16.0),
                m.sessions[f.session].number
            );
        }
        if labels {
            let _ = write!(
                s,
                "<text class=\"ft-opened\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">+{}</text><text class=\"ft-closed\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">−{}</text>",
                r(x),
                r(SHARE_TOP + SHARE_H + 34.0),
                f.opened,
                r(x),
                r(SHARE_TOP + SHARE_H + 50.0),
                f.closed
            );
        }
    }
    let _ = write!(
        s,
        "<text class=\"ft-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        LEFT - 6.0,
        r(SHARE_TOP + SHARE_H + 16.0),
        word("follow.tick_session")
    );
    if labels {
        let _ = write!(
            s,
            "<text class=\"ft-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text class=\"ft-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            r(SHARE_TOP + SHARE_H + 34.0),
            word("follow.tick_opened"),
            LEFT - 6.0,
            r(SHARE_TOP + SHARE_H + 50.0),
            word("follow.tick_closed")
        );
    }

    // Panel 2: the median age of the open goals.
    let _ = write!(
        s,
        "<text class=\"ft-axis-title\" x=\"0\" y=\"{}\">{}</text>",
        r(AGE_TOP - 20.0),
        word("follow.axis_age")
    );
    let max_age = sessions
        .iter()
        .filter_map(|f| f.median_age)
        .fold(1.0_f64, f64::max)
        .ceil();
    let y_age = |age: f64| AGE_TOP + AGE_H * (1.0 - age / max_age);
    for v in [0.0, max_age] {
        let y = r(y_age(v));
        let _ = write!(
            s,
            "<line class=\"ft-grid\" x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/><text class=\"ft-tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            r(y + 4.0),
            age_text(v, t)
        );
    }
    // The line breaks where no goal is open.
    let mut path = String::new();
    let mut pen_down = false;
    for (i, f) in sessions.iter().enumerate() {
        match f.median_age {
            Some(age) => {
                let _ = write!(
                    path,
                    "{}{} {}",
                    if pen_down { " L" } else { " M" },
                    r(cx(i)),
                    r(y_age(age))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(s, "<path class=\"ft-age\" d=\"{}\"/>", path.trim_start());
    }
    for (i, f) in sessions.iter().enumerate() {
        if let Some(age) = f.median_age {
            let _ = write!(
                s,
                "<circle class=\"ft-age-dot\" cx=\"{}\" cy=\"{}\" r=\"3.5\"/>",
                r(cx(i)),
                r(y_age(age))
            );
            if labels {
                let _ = write!(
                    s,
                    "<text class=\"ft-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    r(cx(i)),
                    r(y_age(age) - 7.0),
                    age_text(age, t)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

fn describe(m: &Mentorship, sessions: &[SessionFollowThrough], t: &Translations) -> String {
    let ft = &m.follow_through;
    let (carried, followed): (usize, usize) = sessions
        .iter()
        .fold((0, 0), |(c, f), s| (c + s.carried, f + s.followed_up));
    let mut d = t.format(
        "follow.desc_sessions",
        i64::try_from(sessions.len()).ok(),
        &[],
    );
    if sessions.len() < ft.sessions.len() {
        d.push_str(&t.format(
            "follow.desc_latest",
            None,
            &[("total", &ft.sessions.len().to_string())],
        ));
    }
    if carried > 0 {
        let share = pct(followed as f64 / carried as f64).to_string();
        let share = t.format("follow.pct", None, &[("pct", &share)]);
        d.push_str(&t.format(
            "follow.desc_followed",
            None,
            &[
                ("pct", &share),
                ("followed", &followed.to_string()),
                ("carried", &carried.to_string()),
            ],
        ));
    }
    let (opened, closed): (usize, usize) = sessions
        .iter()
        .fold((0, 0), |(o, c), s| (o + s.opened, c + s.closed));
    d.push_str(&t.format(
        "follow.desc_counts",
        None,
        &[
            ("opened", &opened.to_string()),
            ("closed", &closed.to_string()),
        ],
    ));
    if let Some(last) = sessions.last() {
        match last.median_age {
            Some(age) => d.push_str(&t.format(
                "follow.desc_open",
                None,
                &[
                    ("open", &last.open_after.to_string()),
                    ("age", &age_text(age, t)),
                ],
            )),
            None => d.push_str(t.text("follow.desc_none_open")),
        }
    }
    d.push_str(t.text("follow.desc_end"));
    d
}

/// Rounds to one decimal, so that output is short and stable.
fn r(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `follow_through.html` as shipped, written in Rust (see `render::native`).
pub(super) fn native_html(h: &mut Html<'_>, f: &FollowThroughView) {
    h.raw("<p class=\"section-intro\">");
    h.t("follow.intro");
    if let Some(pct) = f.overall_pct {
        h.raw(" (");
        if f.shown < f.total {
            h.t_with(
                "follow.overall_latest",
                None,
                &[
                    ("pct", Arg::Num(pct as usize)),
                    ("count", Arg::Num(f.shown)),
                ],
            );
        } else {
            h.t_with(
                "follow.overall_all",
                None,
                &[("pct", Arg::Num(pct as usize))],
            );
        }
        h.raw(")");
    }
    h.t("follow.intro_rest");
    h.raw("</p>\n<figure class=\"chart\">\n  <div class=\"chart-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
    h.t("follow.region");
    h.raw("\">\n    ");
    h.raw(&f.svg);
    h.raw("\n  </div>\n  <figcaption>\n    <p class=\"meta\">");
    h.t("follow.caption");
    if f.shown < f.total {
        h.raw(" ");
        h.t_with(
            "follow.showing",
            None,
            &[("shown", Arg::Num(f.shown)), ("total", Arg::Num(f.total))],
        );
    }
    h.raw("</p>\n    ");
    if !f.outcomes.is_empty() {
        h.raw("\n    <p class=\"meta\">");
        h.t_n("follow.of_closed", f.closed);
        if f.open > 0 {
            h.raw(" (");
            h.t_with("follow.still_open", None, &[("count", Arg::Num(f.open))]);
            h.raw(")");
        }
        h.raw(":</p>\n    <ul class=\"outcome-rates\">\n      ");
        for o in &f.outcomes {
            h.raw("<li>");
            status(h, o.status.as_str());
            h.raw(" <strong>");
            h.t_with("follow.pct", None, &[("pct", Arg::Num(o.pct as usize))]);
            h.raw("</strong> <span class=\"meta\">(");
            h.num(o.count);
            h.raw(")</span></li>");
        }
        h.raw("\n    </ul>\n    ");
    }
    h.raw("\n  </figcaption>\n</figure>\n<details class=\"chart-table\">\n  <summary>");
    h.t("follow.as_table");
    h.raw("</summary>\n  <div class=\"table-wrap\">\n  <table class=\"follow-table\">\n    <caption class=\"visually-hidden\">");
    h.t("follow.table_caption");
    h.raw("</caption>\n    <thead><tr>");
    h.th_row(&[
        "sessions.session",
        "follow.open_before",
        "follow.followed_up",
        "follow.share",
        "follow.opened",
        "follow.closed",
        "follow.open_after",
        "follow.median_age",
    ]);
    h.raw("</tr></thead>\n    <tbody>\n    ");
    for r in &f.rows {
        h.raw("\n    <tr>\n      <th scope=\"row\"><a href=\"");
        h.url_value(field(&r.session, "url"));
        h.raw("\">");
        h.numbered("session.numbered", Some(&r.session));
        h.raw("</a> <span class=\"meta\"><time datetime=\"");
        h.value_of(field(&r.session, "date"));
        h.raw("\">");
        h.value_of(field(&r.session, "date"));
        h.raw("</time></span></th>\n      <td>");
        h.num(r.carried);
        h.raw("</td>\n      <td>");
        h.num(r.followed_up);
        h.raw("</td>\n      <td>");
        match r.share_pct {
            Some(pct) => h.t_with("follow.pct", None, &[("pct", Arg::Num(pct as usize))]),
            None => h.raw("—"),
        }
        h.raw("</td>\n      <td>");
        h.num(r.opened);
        h.raw("</td>\n      <td>");
        h.num(r.closed);
        h.raw("</td>\n      <td>");
        h.num(r.open_after);
        h.raw("</td>\n      <td>");
        match given(r.median_age.as_deref()) {
            Some(age) => h.text(age),
            None => h.raw("—"),
        }
        h.raw("</td>\n    </tr>\n    ");
    }
    h.raw("\n    </tbody>\n  </table>\n  </div>\n</details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_shares_are_written_short() {
        let t = Translations::load(&crate::render::theme::builtin(), "en").unwrap();
        assert_eq!(age_text(2.0, &t), "2");
        assert_eq!(age_text(1.5, &t), "1.5");
        assert_eq!(pct(2.0 / 3.0), 67);
        assert_eq!(pct(1.0), 100);
    }
}
