//! The `main` block of `backlog.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::context::BacklogView;
use super::super::super::native::{Arg, BACKLOG_HEAD, Html, field, given, item_end, session_link};
use super::super::MentorshipView;
use super::BacklogItemView;
use crate::history::Session;

/// The `main` block of `backlog.html`: `log` gives each session's index in `sessions` (the
/// session the template's `entry.session` summarises) with its changes' views.
pub(super) fn main<'a>(
    h: &mut Html<'_>,
    m: &MentorshipView<'_>,
    sessions: &[Session],
    log: impl Iterator<Item = (usize, Vec<BacklogView<'a>>)>,
    items: impl Iterator<Item = BacklogItemView<'a>>,
) {
    let mut log = log.peekable();
    h.raw("\n<div class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.text(&m.front.title);
    h.raw("</p>\n  <h1>");
    h.t("backlog.title");
    h.raw("</h1>\n  <p class=\"lede\">");
    h.t_n("count.changes", m.counts.backlog_changes);
    h.raw(" ");
    h.t_n("backlog.to_items", m.counts.backlog_items);
    if let Some(repo) = given(m.repo_url.as_deref()) {
        h.raw(" ");
        h.t("backlog.issues_link");
        h.raw(" <a href=\"");
        h.text(repo);
        h.raw("\">");
        h.t("backlog.the_repository");
        h.raw("</a>.");
    }
    h.raw("</p>\n</div>\n");
    if log.peek().is_none() {
        h.raw("\n<p class=\"empty\">");
        h.t("backlog.none");
        h.raw("</p>\n");
        h.raw("\n");
        return;
    }
    h.raw("\n<section aria-labelledby=\"log_h\">\n  <h2 id=\"log_h\">");
    h.t("backlog.log");
    h.raw("</h2>\n  ");
    for (si, changes) in log {
        let session = &sessions[si];
        h.raw("\n  <h3 class=\"log-session\">");
        session_link(h, session);
        h.raw(" <span class=\"meta\">");
        h.t_with(
            "session.numbered",
            None,
            &[("number", Arg::Num(session.number))],
        );
        h.raw(" · <time datetime=\"");
        h.text(&session.front.date.to_string());
        h.raw("\">");
        h.long_date_at(session.front.date);
        h.raw("</time></span></h3>\n  <div class=\"table-wrap\">\n  <table class=\"backlog-table\">\n    <thead><tr>");
        h.th_row(&BACKLOG_HEAD);
        h.raw("</tr></thead>\n    <tbody>\n    ");
        for b in &changes {
            h.raw("\n    <tr>\n      <td><a href=\"");
            h.url(&b.history_url);
            h.raw("\">");
            h.text(&b.entry.item);
            h.raw("</a>");
            item_end(h, b);
            goal_link(h, b);
            h.raw("</td>\n    </tr>\n    ");
        }
        h.raw("\n    </tbody>\n  </table>\n  </div>\n  ");
    }
    h.raw("\n</section>\n\n<section aria-labelledby=\"items_h\">\n  <h2 id=\"items_h\">");
    h.t("backlog.items");
    h.raw("</h2>\n  <div class=\"item-cards\">\n  ");
    for it in items {
        h.raw("\n  <article class=\"item-card\" id=\"");
        h.text(it.anchor);
        h.raw("\" aria-labelledby=\"");
        h.text(it.anchor);
        h.raw("_h\">\n    <h3 id=\"");
        h.text(it.anchor);
        h.raw("_h\">");
        h.text(it.item);
        h.raw("</h3>\n    ");
        if let Some(url) = given(it.issue_url.as_deref()) {
            h.raw("<p class=\"meta\"><a href=\"");
            h.text(url);
            h.raw("\">");
            h.t_with("backlog.issue", None, &[("item", Arg::Text(it.item))]);
            h.raw("</a></p>");
        }
        h.raw("\n    <ol class=\"item-history\">\n      ");
        for b in &it.changes {
            h.raw("\n      <li><span class=\"change change-");
            let change = b.entry.change.as_str();
            h.text(change);
            h.raw("\">");
            h.t_word("change.", change);
            h.raw("</span>");
            if let Some(values) = given(b.values.as_deref()) {
                h.raw(" <span class=\"values\">");
                h.text(values);
                h.raw("</span>");
            }
            h.raw(" <span class=\"meta\">");
            h.t("backlog.in");
            h.raw(" <a href=\"");
            let date = field(&b.session, "date");
            h.url_value(field(&b.session, "url"));
            h.raw("\">");
            h.numbered("session.numbered_lower", Some(&b.session));
            h.raw("</a>, <time datetime=\"");
            h.value_of(date);
            h.raw("\">");
            h.value_of(date);
            h.raw("</time>");
            if let Some(g) = b.goal_link.as_ref().filter(|g| g.is_truthy()) {
                h.raw(" · ");
                h.t("backlog.for");
                h.raw(" ");
                h.link(g, "id");
            }
            h.raw("</span>");
            if let Some(note) = given(b.entry.note.as_deref()) {
                h.raw("<br><span class=\"note\">");
                h.text(note);
                h.raw("</span>");
            }
            h.raw("</li>\n      ");
        }
        h.raw("\n    </ol>\n  </article>\n  ");
    }
    h.raw("\n  </div>\n</section>\n");
    h.raw("\n");
}

/// The last cell of a backlog log row: the goal served, linked, or a dash.
fn goal_link(h: &mut Html<'_>, b: &BacklogView<'_>) {
    match b.goal_link.as_ref().filter(|g| g.is_truthy()) {
        Some(g) => {
            h.link(g, "id");
        }
        None => h.raw("—"),
    }
}
