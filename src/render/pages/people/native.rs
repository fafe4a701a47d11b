//! The `main` block of `person.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::native::{Arg, Html, field, given, goal_table, session_item};
use super::super::MentorshipView;
use super::super::parts::GoalSummary;
use super::PersonSummary;
use crate::history::Session;

/// The `main` block of `person.html`: `p` and `owned` as the template's `person` has
/// them; `attended` indexes the sessions its `person.attended` summarises.
pub(super) fn main(
    h: &mut Html<'_>,
    m: &MentorshipView<'_>,
    p: &PersonSummary<'_>,
    owned: &[GoalSummary<'_>],
    (sessions, attended): (&[Session], &[usize]),
) {
    h.raw("\n<header class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.t(if p.mentor {
        "person.mentor"
    } else if p.member {
        "person.member"
    } else {
        "person.attendee"
    });
    h.raw(" · ");
    h.text(&m.front.title);
    h.raw("</p>\n  <h1>");
    h.text(p.name);
    h.raw("</h1>\n  ");
    if let Some(role) = given(p.role) {
        h.raw("<p class=\"lede\">");
        h.text(role);
        h.raw("</p>");
    }
    h.raw("\n</header>\n<dl class=\"facts\">\n  <div><dt>");
    h.t("person.attended");
    h.raw("</dt><dd>");
    h.t_with(
        "person.of",
        None,
        &[
            ("count", Arg::Num(p.sessions)),
            ("total", Arg::Num(m.counts.sessions)),
        ],
    );
    h.raw("</dd></div>\n  <div><dt>");
    h.t("person.owned");
    h.raw("</dt><dd>");
    h.num(p.goals);
    if p.open_goals != 0 {
        h.raw(" (");
        h.t_with("people.open", None, &[("count", Arg::Num(p.open_goals))]);
        h.raw(")");
    }
    h.raw("</dd></div>\n  ");
    for (k, (session, key)) in [(&p.first, "person.first"), (&p.last, "home.latest_session")]
        .into_iter()
        .enumerate()
    {
        if k > 0 {
            h.raw("\n  ");
        }
        if let Some(s) = session.as_ref().filter(|s| s.is_truthy()) {
            h.raw("<div><dt>");
            h.t(key);
            h.raw("</dt><dd><a href=\"");
            h.url_value(field(s, "url"));
            h.raw("\">");
            h.numbered("session.numbered", Some(s));
            h.raw("</a></dd></div>");
        }
    }
    h.raw("\n</dl>\n\n<section aria-labelledby=\"owned_h\">\n  <h2 id=\"owned_h\">");
    h.t("person.owned");
    h.raw("</h2>\n  ");
    if owned.is_empty() {
        h.raw("\n  <p class=\"empty\">");
        h.t_with("person.owns_none", None, &[("name", Arg::Text(p.name))]);
        h.raw("</p>\n  ");
    } else {
        h.raw("\n  \n  ");
        goal_table(h, true, false, owned);
        h.raw("\n  ");
    }
    h.raw("\n</section>\n\n<section aria-labelledby=\"attended_h\">\n  <h2 id=\"attended_h\">");
    h.t("person.attended");
    h.raw("</h2>\n  ");
    if attended.is_empty() {
        h.raw("\n  <p class=\"empty\">");
        h.t_with("person.attended_none", None, &[("name", Arg::Text(p.name))]);
        h.raw("</p>\n  ");
    } else {
        h.raw("\n  <ol class=\"session-list\">\n    ");
        for &s in attended {
            session_item(h, &sessions[s]);
        }
        h.raw("\n  </ol>\n  ");
    }
    h.raw("\n</section>\n");
}
