//! The `main` block of `print.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::native::{Arg, Html, field, reflection_item, status_groups};
use super::super::MentorshipView;
use super::super::parts::{GoalGroup, GridRow, ReflectionView};
use super::super::timeline::{TimelineView, timeline_html};
use super::PrintSession;

/// What `print.html` shows besides `m`.
pub(super) struct Outline<'v, 'a> {
    pub sessions: &'v [PrintSession<'a>],
    pub groups: &'v [GoalGroup<'a>],
    pub timeline: Option<&'v TimelineView>,
    pub reflections: &'v [ReflectionView<'a>],
    pub recurring_weaknesses: &'v [GridRow<'a>],
    pub agreement_html: &'v str,
}

/// The `main` block of `print.html`.
pub(super) fn main(h: &mut Html<'_>, m: &MentorshipView<'_>, o: &Outline<'_, '_>) {
    let f = m.front;
    h.raw("\n<header class=\"page-head print-head\">\n  <p class=\"eyebrow\">");
    h.t("print.whole_log");
    h.raw(" · ");
    h.t_n("count.sessions", m.counts.sessions);
    if let Some(as_of) = m.as_of.as_deref().filter(|a| !a.is_empty()) {
        h.raw(" ");
        h.t("print.to");
        h.raw(" <time datetime=\"");
        h.text(as_of);
        h.raw("\">");
        h.long_date(as_of);
        h.raw("</time>");
    }
    h.raw("</p>\n  <h1>");
    h.text(&f.title);
    h.raw("</h1>\n  <p class=\"lede\">");
    h.text(&f.mentee);
    h.raw(" · ");
    h.t("home.mentored_by");
    h.raw(" ");
    for (k, mentor) in m.mentor_links.iter().enumerate() {
        h.text(&mentor.name);
        if k + 1 < m.mentor_links.len() {
            h.raw(", ");
        }
    }
    h.raw(" · ");
    h.t_word("mentorship_status.", f.status.as_str());
    h.raw(", ");
    h.t("print.started");
    h.raw(" <time datetime=\"");
    let started = f.started.to_string();
    h.text(&started);
    h.raw("\">");
    h.long_date(&started);
    h.raw("</time>");
    if let Some(ended) = f.ended {
        let ended = ended.to_string();
        h.raw(", ");
        h.t("print.ended");
        h.raw(" <time datetime=\"");
        h.text(&ended);
        h.raw("\">");
        h.long_date(&ended);
        h.raw("</time>");
    }
    h.raw(".</p>\n  <p class=\"print-hint\">");
    h.t("print.hint");
    h.raw("</p>\n</header>\n\n<nav class=\"toc\" aria-labelledby=\"toc_h\">\n  <h2 id=\"toc_h\">");
    h.t("print.contents");
    h.raw("</h2>\n  <ol>\n    ");
    let agreement = !f.aims.is_empty() || !o.agreement_html.is_empty();
    for (shown, anchor, key) in [
        (agreement, "agreement_h", "print.mentorship"),
        (o.timeline.is_some(), "goals_h", "nav.goals"),
        (
            !o.recurring_weaknesses.is_empty(),
            "recurring_h",
            "print.recurring",
        ),
        (
            !o.reflections.is_empty(),
            "reflections_h",
            "reflections.title",
        ),
    ] {
        if shown {
            h.raw("<li><a href=\"#");
            h.raw(anchor);
            h.raw("\">");
            h.t(key);
            h.raw("</a></li>");
        }
        h.raw("\n    ");
    }
    for s in o.sessions {
        h.raw("<li><a href=\"#s");
        h.num(s.number);
        h.raw("\">");
        h.t_with(
            "print.toc_session",
            None,
            &[
                ("number", Arg::Num(s.number)),
                ("title", Arg::Text(s.title)),
            ],
        );
        h.raw("</a></li>");
    }
    h.raw("\n  </ol>\n</nav>\n\n");
    if agreement {
        h.raw("\n<section aria-labelledby=\"agreement_h\" class=\"prose\">\n  <h2 id=\"agreement_h\">");
        h.t("print.mentorship");
        h.raw("</h2>\n  ");
        if !f.aims.is_empty() {
            h.raw("\n  <h3>");
            h.t("home.aims");
            h.raw("</h3>\n  <ul>");
            for aim in &f.aims {
                h.raw("<li>");
                h.text(&aim.text);
                if let Some(area) = aim.area.as_deref().filter(|a| !a.is_empty()) {
                    h.raw(" (");
                    h.text(area);
                    h.raw(")");
                }
                h.raw("</li>");
            }
            h.raw("</ul>\n  ");
        }
        h.raw("\n  ");
        h.raw(o.agreement_html);
        h.raw("\n</section>\n");
    }
    h.raw("\n\n<section aria-labelledby=\"goals_h\">\n  <h2 id=\"goals_h\">");
    h.t("nav.goals");
    h.raw("</h2>\n  ");
    if let Some(t) = o.timeline {
        timeline_html(h, t);
    }
    h.raw("\n  ");
    status_groups(h, o.groups);
    h.raw("\n</section>\n\n");
    if !o.recurring_weaknesses.is_empty() {
        h.raw("\n<section aria-labelledby=\"recurring_h\">\n  <h2 id=\"recurring_h\">");
        h.t("print.recurring");
        h.raw("</h2>\n  <ul class=\"items\">\n    ");
        for w in o.recurring_weaknesses {
            h.raw("\n    <li>");
            h.text(w.text);
            h.raw(" <span class=\"meta\">");
            h.t_n("goal.named_in", w.count);
            h.raw(" (");
            h.value_of(field(&w.first, "number"));
            h.raw("–");
            h.value_of(field(&w.last, "number"));
            h.raw(")");
            if !w.addressed_by.is_empty() {
                h.raw("; ");
                h.t("session.addressed_by");
                h.raw(" ");
                for (k, g) in w.addressed_by.iter().enumerate() {
                    h.value_of(field(g, "id"));
                    if k + 1 < w.addressed_by.len() {
                        h.raw(", ");
                    }
                }
            }
            match w.stopped_after_achieved {
                Some(true) => {
                    h.raw("; ");
                    h.t("goal.stopped_recurring");
                }
                Some(false) => {
                    h.raw("; ");
                    h.t("print.came_back");
                }
                None => {}
            }
            h.raw("</span></li>\n    ");
        }
        h.raw("\n  </ul>\n</section>\n");
    }
    h.raw("\n\n");
    if !o.reflections.is_empty() {
        h.raw("\n<section aria-labelledby=\"reflections_h\">\n  <h2 id=\"reflections_h\">");
        h.t("reflections.title");
        h.raw("</h2>\n  <ol class=\"timeline reflections\">\n    ");
        for r in o.reflections {
            reflection_item(h, r, |h| {
                h.raw("<a href=\"#s");
                h.value_of(field(&r.session, "number"));
                h.raw("\">");
                h.value_of(field(&r.session, "title"));
                h.raw("</a>");
            });
        }
        h.raw("\n  </ol>\n</section>\n");
    }
    h.raw("\n\n");
    for s in o.sessions {
        match s.html.as_str() {
            Some(html) => h.raw(html),
            None => h.give_up(),
        }
    }
    h.raw("\n\n\n");
}
