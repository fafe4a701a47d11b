//! The `main` block of `recurring.html` and its `recurring_grid.html` as shipped, written
//! in Rust (see `render::native`): each line below follows the templates', text and white
//! space included.

use super::super::super::native::{Arg, Html, field, status, tag_html};
use super::super::MentorshipView;
use super::super::parts::GridRow;
use super::GridView;

/// The `main` block of `recurring.html`.
pub(super) fn main(h: &mut Html<'_>, m: &MentorshipView<'_>, grid: &GridView<'_>) {
    h.raw("\n<div class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.text(&m.front.title);
    h.raw("</p>\n  <h1>");
    h.t("recurring.title");
    h.raw("</h1>\n  <p class=\"lede\">");
    h.t("recurring.lede");
    h.raw("</p>\n</div>\n\n");
    for (k, (weakness, rows, once, id, key)) in [
        (
            true,
            &grid.weaknesses,
            &grid.weaknesses_once,
            "weak_h",
            "recurring.weaknesses",
        ),
        (
            false,
            &grid.strengths,
            &grid.strengths_once,
            "strong_h",
            "recurring.strengths",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        if k > 0 {
            h.raw("\n\n");
        }
        h.raw("\n<section aria-labelledby=\"");
        h.raw(id);
        h.raw("\">\n  <h2 id=\"");
        h.raw(id);
        h.raw("\">");
        h.t(key);
        h.raw(" <span class=\"count\">");
        h.num(rows.len() + once.len());
        h.raw("</span></h2>\n  ");
        rows_html(h, grid, weakness, rows, once);
        h.raw("\n</section>");
    }
    h.raw("\n");
}

/// `recurring_grid.html`: the grid of the items named twice or more, then those named once.
fn rows_html(
    h: &mut Html<'_>,
    grid: &GridView<'_>,
    weakness: bool,
    rows: &[GridRow<'_>],
    once: &[GridRow<'_>],
) {
    let pick = |w: &'static str, s: &'static str| if weakness { w } else { s };
    if rows.is_empty() {
        h.raw("\n<p class=\"empty\">");
        h.t("recurring.none");
        h.raw("</p>\n");
    } else {
        h.raw("\n<p class=\"grid-legend\">");
        h.t("recurring.named_twice");
        if grid.truncated {
            h.raw(" ");
            h.t_with(
                "recurring.latest_shown",
                None,
                &[("count", Arg::Num(grid.columns.len()))],
            );
        }
        h.raw(". ");
        if weakness {
            h.t("recurring.weakness_marks");
            for (k, (impact, rank)) in [("high", "1"), ("medium", "2"), ("low", "3")]
                .into_iter()
                .enumerate()
            {
                h.raw(if k == 0 { " " } else { ", " });
                h.raw("<span class=\"mark mark-");
                h.raw(impact);
                h.raw("\" aria-hidden=\"true\"><span class=\"mark-shape\"></span>");
                h.raw(rank);
                h.raw("</span> ");
                h.t_word("impact.", impact);
            }
            h.raw(".");
        } else {
            h.t("recurring.strength_marks");
        }
        h.raw("</p>\n<div class=\"table-wrap grid-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"");
        h.t(pick(
            "recurring.weaknesses_region",
            "recurring.strengths_region",
        ));
        h.raw("\">\n<table class=\"grid grid-");
        h.raw(pick("weakness", "strength"));
        h.raw("\">\n  <caption class=\"visually-hidden\">");
        h.t(pick(
            "recurring.weaknesses_caption",
            "recurring.strengths_caption",
        ));
        h.raw("</caption>\n  <thead>\n    <tr>\n      <th scope=\"col\" class=\"grid-item\">");
        h.t(pick("recurring.weakness", "recurring.strength"));
        h.raw("</th>\n      ");
        for c in &grid.columns {
            h.raw("<th scope=\"col\" class=\"grid-session\"><a href=\"");
            h.url(c.url);
            h.raw("\" title=\"");
            h.text(c.title);
            h.raw(", ");
            h.text(&c.date);
            h.raw("\"><span class=\"visually-hidden\">");
            h.t("recurring.session_prefix");
            h.raw(" </span>");
            h.num(c.number);
            h.raw("</a></th>");
        }
        for key in ["recurring.first", "recurring.last", "recurring.times"] {
            h.raw("\n      ");
            h.th_row(&[key]);
        }
        h.raw("\n      ");
        if weakness {
            h.th_row(&["recurring.addressed_by", "recurring.after_achieved"]);
        }
        h.raw("\n    </tr>\n  </thead>\n  <tbody>\n  ");
        for r in rows {
            row(h, weakness, r);
        }
        h.raw("\n  </tbody>\n</table>\n</div>\n");
    }
    h.raw("\n");
    if !once.is_empty() {
        h.raw("\n<h3>");
        h.t("recurring.named_once");
        h.raw(" <span class=\"count\">");
        h.num(once.len());
        h.raw("</span></h3>\n<ul class=\"items once\">\n  ");
        for r in once {
            h.raw("\n  <li id=\"");
            h.text(r.anchor);
            h.raw("\">");
            h.text(r.text);
            h.raw(" <span class=\"meta\">");
            h.t("backlog.in");
            h.raw(" <a href=\"");
            h.url_value(field(&r.first, "url"));
            h.raw("\">");
            h.numbered("session.numbered_lower", Some(&r.first));
            h.raw("</a>");
            if let Some(impact) = r.worst_impact {
                h.raw(", ");
                h.t_word("impact_label.", impact.as_str());
            }
            if !r.addressed_by.is_empty() {
                h.raw(", ");
                h.t("session.addressed_by");
                h.raw(" ");
                for (k, g) in r.addressed_by.iter().enumerate() {
                    h.link(g, "id");
                    if k + 1 < r.addressed_by.len() {
                        h.raw(", ");
                    }
                }
            }
            h.raw("</span></li>\n  ");
        }
        h.raw("\n</ul>\n");
    }
    h.raw("\n");
}

/// A row of the grid.
fn row(h: &mut Html<'_>, weakness: bool, r: &GridRow<'_>) {
    h.raw("\n  <tr id=\"");
    h.text(r.anchor);
    h.raw("\">\n    <th scope=\"row\" class=\"grid-item\">");
    h.text(r.text);
    if !r.tags.is_empty() {
        h.raw(" <span class=\"tag-list\">");
        for tag in &r.tags {
            tag_html(h, tag);
            h.raw(" ");
        }
        h.raw("</span>");
    }
    h.raw("</th>\n    ");
    for cell in &r.cells {
        h.raw("<td class=\"grid-cell\">");
        if cell.seen {
            h.raw("<span class=\"mark");
            if let Some(impact) = cell.impact {
                h.raw(" mark-");
                h.text(impact.as_str());
            }
            h.raw("\"><span aria-hidden=\"true\" class=\"mark-shape\"></span>");
            if let Some(rank) = cell.rank {
                h.num(rank);
            }
            h.raw("<span class=\"visually-hidden\">");
            if let Some(impact) = cell.impact {
                h.raw(", ");
                h.t_word("impact_label.", impact.as_str());
            }
            h.raw("</span></span>");
        } else {
            h.raw("<span class=\"visually-hidden\">");
            h.t("recurring.not_named");
            h.raw("</span>");
        }
        h.raw("</td>");
    }
    h.raw("\n    <td>");
    h.link(&r.first, "number");
    h.raw("</td>\n    <td>");
    h.link(&r.last, "number");
    if r.current {
        h.raw(" <span class=\"meta\">");
        h.t("recurring.latest");
        h.raw("</span>");
    }
    h.raw("</td>\n    <td>");
    h.num(r.count);
    h.raw("</td>\n    ");
    if weakness {
        h.raw("\n    <td>");
        if r.addressed_by.is_empty() {
            h.raw("<span class=\"meta\">");
            h.t("recurring.no_goal");
            h.raw("</span>");
        }
        for (k, g) in r.addressed_by.iter().enumerate() {
            h.link(g, "id");
            h.raw(" ");
            match field(g, "status").and_then(tera::Value::as_str) {
                Some(s) => status(h, s),
                None => h.give_up(),
            }
            if k + 1 < r.addressed_by.len() {
                h.raw("<br>");
            }
        }
        h.raw("</td>\n    <td>");
        match r.stopped_after_achieved {
            Some(true) => {
                h.raw("<span class=\"flag resolved\">");
                h.t("recurring.stopped");
                h.raw("</span>");
            }
            Some(false) => {
                h.raw("<span class=\"flag recurring\">");
                h.t("recurring.came_back");
                h.raw("</span>");
            }
            None => {
                h.raw("<span class=\"meta\">");
                h.t("recurring.no_goal_achieved");
                h.raw("</span>");
            }
        }
        h.raw("</td>\n    ");
    }
    h.raw("\n  </tr>\n  ");
}
