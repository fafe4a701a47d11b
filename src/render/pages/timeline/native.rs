//! `timeline.html` as shipped, written in Rust (see `render::native`): each line below
//! follows the template's, text and white space included.

use super::super::super::native::{Arg, Html, field, status};
use super::TimelineView;

/// `timeline.html`: the goal timeline, its legend and its table.
pub(in crate::render::pages) fn timeline(h: &mut Html<'_>, t: &TimelineView) {
    h.raw("<figure class=\"chart\">\n  <div class=\"chart-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
    h.t("timeline.region");
    h.raw("\">\n    ");
    h.raw(&t.svg);
    h.raw("\n  </div>\n  <figcaption>\n    <ul class=\"chart-legend\">\n      ");
    for e in &t.legend {
        h.raw("<li>");
        h.raw(&e.mark);
        h.raw(" ");
        if e.status == "active" {
            h.t("legend.open");
        } else {
            h.t_word("legend.", e.status);
        }
        h.raw("</li>");
    }
    h.raw("\n    </ul>\n    <p class=\"meta\">");
    h.t("timeline.caption");
    if t.shown < t.total {
        h.raw(" ");
        h.t_with(
            "timeline.showing",
            None,
            &[("shown", Arg::Num(t.shown)), ("total", Arg::Num(t.total))],
        );
    }
    h.raw("</p>\n  </figcaption>\n</figure>\n<details class=\"chart-table\">\n  <summary>");
    h.t("timeline.as_table");
    h.raw("</summary>\n  <div class=\"table-wrap\">\n  <table>\n    <caption class=\"visually-hidden\">");
    h.t("timeline.table_caption");
    h.raw("</caption>\n    <thead><tr>");
    h.th_row(&[
        "goal.goal",
        "goal.set_in",
        "goal.closed_in",
        "goal.outcome",
        "goal.open_for",
    ]);
    h.raw("</tr></thead>\n    <tbody>\n    ");
    for r in &t.rows {
        h.raw("\n    <tr>\n      <th scope=\"row\">");
        h.link(&r.goal, "text");
        h.raw("</th>\n      <td>");
        session_at(h, &r.introduced);
        h.raw("</td>\n      <td>");
        match r.closed.as_ref().filter(|c| c.is_truthy()) {
            Some(closed) => session_at(h, closed),
            None => h.t("goal.still_open"),
        }
        h.raw("</td>\n      <td>");
        match field(&r.goal, "status").and_then(tera::Value::as_str) {
            Some(s) => status(h, s),
            None => h.give_up(),
        }
        h.raw("</td>\n      <td>");
        h.open_for(r.sessions_open, r.days_open);
        h.raw("</td>\n    </tr>\n    ");
    }
    h.raw("\n    </tbody>\n  </table>\n  </div>\n</details>\n");
}

/// A session of the timeline's table: its number, linked, and its date.
fn session_at(h: &mut Html<'_>, s: &tera::Value) {
    h.raw("<a href=\"");
    h.url_value(field(s, "url"));
    h.raw("\">");
    h.numbered("session.numbered", Some(s));
    h.raw("</a> <span class=\"meta\"><time datetime=\"");
    let date = field(s, "date");
    h.value_of(date);
    h.raw("\">");
    h.value_of(date);
    h.raw("</time></span>");
}
