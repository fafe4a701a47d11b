//! `session_sections.html` as shipped, written in Rust (see `render::native`): each line
//! below follows the template's, text and white space included.

use super::super::super::context::SessionSummary;
use super::super::super::native::{
    Arg, BACKLOG_HEAD, Html, backlog_cells, direction, field, given, link_list, owners,
    session_link, status, tag_html,
};
use super::super::MentorshipView;
use super::SessionView;
use crate::history::{Session, Touch};

/// `session_sections.html` of `s`, its headings at level `hl`, their ids prefixed by `idp`.
pub(super) fn sections(h: &mut Html<'_>, s: &SessionView<'_>, hl: usize, idp: &str) {
    h.raw("<dl class=\"facts\">\n  ");
    for (people, key) in [
        (&s.attendees, "session.attendees"),
        (&s.mentors, "home.mentors"),
    ] {
        if !people.is_empty() {
            h.raw("<div class=\"fact-wide\"><dt>");
            h.t(key);
            h.raw("</dt><dd>");
            owners(h, people);
            h.raw("</dd></div>");
        }
        h.raw("\n  ");
    }
    h.raw("<div><dt>");
    h.t("nav.goals");
    h.raw("</dt><dd>");
    h.t_with(
        "session.goal_counts",
        None,
        &[
            ("new", Arg::Num(s.summary.new_goals)),
            ("updated", Arg::Num(s.summary.updated_goals)),
            ("closed", Arg::Num(s.summary.closed_goals)),
        ],
    );
    h.raw("</dd></div>\n  ");
    if !s.backlog.is_empty() {
        h.raw("<div><dt>");
        h.t("nav.backlog");
        h.raw("</dt><dd>");
        h.t_n("count.changes", s.backlog.len());
        h.raw("</dd></div>");
    }
    h.raw("\n</dl>\n\n");

    if !s.strengths.is_empty() || !s.weaknesses.is_empty() {
        h.raw("\n<div class=\"columns\">\n");
        if !s.strengths.is_empty() {
            h.raw("\n");
            heading(h, hl, idp, "strengths_h", "", "recurring.strengths");
            h.raw("  <ul class=\"items strengths\">");
            for x in &s.strengths {
                h.raw("<li>");
                h.text(x.text);
                if x.recurring {
                    h.raw(" ");
                    seen(h, x.url.as_deref(), x.seen);
                }
                h.raw("</li>");
            }
            h.raw("</ul>\n</section>\n");
        }
        h.raw("\n");
        if !s.weaknesses.is_empty() {
            h.raw("\n");
            heading(h, hl, idp, "weaknesses_h", "", "session.weaknesses");
            h.raw("  <ol class=\"items weaknesses\">\n    ");
            for w in &s.weaknesses {
                h.raw("\n    <li>");
                h.text(w.text);
                h.raw("\n      ");
                if let Some(impact) = w.impact {
                    h.raw("<span class=\"impact impact-");
                    h.text(impact.as_str());
                    h.raw("\">");
                    h.t_word("impact_label.", impact.as_str());
                    h.raw("</span>");
                }
                h.raw("\n      ");
                if w.recurring {
                    seen(h, w.url.as_deref(), w.seen);
                }
                h.raw("\n      ");
                if !w.addressed_by.is_empty() {
                    h.raw("<span class=\"addressed\">");
                    h.t("session.addressed_by");
                    h.raw(" ");
                    for (k, g) in w.addressed_by.iter().enumerate() {
                        h.link(g, "id");
                        if k + 1 < w.addressed_by.len() {
                            h.raw(", ");
                        }
                    }
                    if w.addressed_more != 0 {
                        h.raw(" ");
                        h.t("session.and");
                        h.raw(" ");
                        let more = [("count", Arg::Num(w.addressed_more))];
                        if let Some(url) = given(w.url.as_deref()) {
                            h.raw("<a href=\"");
                            h.url(url);
                            h.raw("\">");
                            h.t_with("session.more", None, &more);
                            h.raw("</a>");
                        } else {
                            h.t_with("session.more", None, &more);
                        }
                    }
                    h.raw("</span>");
                }
                h.raw("\n    </li>\n    ");
            }
            h.raw("\n  </ol>\n</section>\n");
        }
        h.raw("\n</div>\n");
    }
    h.raw("\n\n");

    if !s.questions.is_empty() {
        h.raw("\n");
        heading(h, hl, idp, "questions_h", "", "session.questions");
        h.raw("  <ul class=\"items questions\">");
        for q in &s.questions {
            h.raw("<li>");
            h.text(q.text);
            if !q.addresses.is_empty() {
                h.raw(" <span class=\"meta\">");
                h.t("session.about");
                h.raw(" ");
                link_list(h, &q.addresses, "; ");
                h.raw("</span>");
            }
            if let Some(answer) = given(q.answer) {
                h.raw("<span class=\"answer\"><strong>");
                h.t("session.answer");
                h.raw("</strong> ");
                h.text(answer);
                h.raw("</span>");
            } else if q.answered {
                h.raw(" <span class=\"flag answered\">");
                h.t("session.answered");
                h.raw("</span>");
            }
            h.raw("</li>");
        }
        h.raw("</ul>\n</section>\n");
    }
    h.raw("\n\n");

    if !s.goals.is_empty() {
        h.raw("\n");
        heading(h, hl, idp, "goals_h", "", "nav.goals");
        h.raw("  <ul class=\"goal-changes\">\n    ");
        for g in &s.goals {
            let c = g.change;
            h.raw("\n    <li class=\"goal-change touch-");
            h.text(c.touch.as_str());
            h.raw("\">\n      <span class=\"touch\">");
            h.t_word("touch.", c.touch.as_str());
            h.raw("</span>\n      <a href=\"");
            h.url(&c.url);
            h.raw("\">");
            h.text(&c.text);
            h.raw("</a>\n      ");
            status(h, c.status.as_str());
            h.raw("\n      ");
            if let Some(health) = c.health
                && c.touch != Touch::Closed
            {
                h.raw("<span class=\"health health-");
                h.text(health.as_str());
                h.raw("\">");
                h.t_word("health.", health.as_str());
                h.raw("</span>");
            }
            h.raw("\n      <span class=\"meta\">");
            if !g.owners.is_empty() {
                h.t_n("session.owners", g.owners.len());
                h.raw(" ");
                owners(h, &g.owners);
            }
            let due = given(c.due.as_deref());
            if given(g.owner.as_deref()).is_some() && due.is_some() {
                h.raw(" · ");
            }
            if let Some(due) = due {
                h.t_with("session.due", None, &[("due", Arg::Text(due))]);
            }
            h.raw("</span>\n      ");
            if c.touch == Touch::New
                && let Some(measure) = given(c.measure.as_deref())
            {
                h.raw("<p class=\"measure\"><strong>");
                h.t("session.measure");
                h.raw("</strong> ");
                h.text(measure);
                h.raw("</p>");
            }
            h.raw("\n      ");
            if let Some(note) = given(c.note.as_deref()) {
                h.raw("<p class=\"note\">");
                h.text(note);
                h.raw("</p>");
            }
            h.raw("\n      ");
            if let Some(r) = g.replaced_by.as_ref().filter(|r| r.is_truthy()) {
                h.raw("<p class=\"note\">");
                h.t("session.superseded_by");
                h.raw(" ");
                h.link(r, "text");
                h.raw(".</p>");
            }
            h.raw("\n    </li>\n    ");
        }
        h.raw("\n  </ul>\n</section>\n");
    }
    h.raw("\n\n");

    if !s.backlog.is_empty() {
        h.raw("\n");
        heading(h, hl, idp, "backlog_h", "", "backlog.title");
        h.raw("  <div class=\"table-wrap\">\n  <table class=\"backlog-table\">\n    <thead><tr>");
        h.th_row(&BACKLOG_HEAD);
        h.raw("</tr></thead>\n    <tbody>\n    ");
        for b in &s.backlog {
            h.raw("\n    <tr>\n      ");
            backlog_cells(h, b);
            match b.goal_link.as_ref().filter(|g| g.is_truthy()) {
                Some(g) => {
                    h.link(g, "id");
                }
                None => h.raw("—"),
            }
            h.raw("</td>\n    </tr>\n    ");
        }
        h.raw("\n    </tbody>\n  </table>\n  </div>\n</section>\n");
    }
    h.raw("\n\n");

    let reflection = given(s.reflection);
    if reflection.is_some() || s.summary.direction.is_some() {
        h.raw("\n");
        heading(
            h,
            hl,
            idp,
            "reflection_h",
            " class=\"reflection\"",
            "session.reflection",
        );
        h.raw("  ");
        if let Some(reflection) = reflection {
            h.raw("<p>");
            h.text(reflection);
            h.raw("</p>");
        }
        h.raw("\n  ");
        if let Some(d) = s.summary.direction {
            h.raw("<p><strong>");
            h.t("reflections.decision");
            h.raw("</strong> ");
            direction(h, d);
            h.raw("</p>");
        }
        h.raw("\n</section>\n");
    }
    h.raw("\n\n");

    if !s.body_html.is_empty() {
        h.raw("\n");
        heading(h, hl, idp, "notes_h", " class=\"prose\"", "session.notes");
        h.raw("  ");
        h.raw(&s.body_html);
        h.raw("\n</section>\n");
    }
    h.raw("\n");
}

/// `<section{% if hl == 2 %} aria-labelledby="{{ idp }}ID"{% endif %}CLASS>` and the
/// heading saying `key`, each followed by its line break.
fn heading(h: &mut Html<'_>, hl: usize, idp: &str, id: &str, class: &str, key: &str) {
    h.raw("<section");
    if hl == 2 {
        h.raw(" aria-labelledby=\"");
        h.text(idp);
        h.raw(id);
        h.raw("\"");
    }
    h.raw(class);
    h.raw(">\n  <h");
    h.num(hl);
    h.raw(" id=\"");
    h.text(idp);
    h.raw(id);
    h.raw("\">");
    h.t(key);
    h.raw("</h");
    h.num(hl);
    h.raw(">\n");
}

/// How often a strength or weakness has been named, linked to its row when it has one.
fn seen(h: &mut Html<'_>, url: Option<&str>, n: usize) {
    if let Some(url) = given(url) {
        h.raw("<a class=\"flag recurring\" href=\"");
        h.url(url);
        h.raw("\">");
        h.t_n("session.seen_in", n);
        h.raw("</a>");
    } else {
        h.raw("<span class=\"flag recurring\">");
        h.t_n("session.seen_in", n);
        h.raw("</span>");
    }
}

/// The eyebrow line of `session.html` and `print_session.html`: number, kind, sprint.
fn eyebrow(h: &mut Html<'_>, s: &SessionSummary<'_>) {
    h.t_with("session.numbered", None, &[("number", Arg::Num(s.number))]);
    h.raw(" · ");
    h.t_word("kind.", s.kind.as_str());
    if let Some(sprint) = given(s.sprint.as_deref()) {
        h.raw(" · ");
        h.t_with(
            "session.after_sprint",
            None,
            &[("sprint", Arg::Text(sprint))],
        );
    }
}

/// The `main` block of `session.html`, around the sections already written.
pub(super) fn main(h: &mut Html<'_>, s: &SessionView<'_>, sections: &str) {
    let summary = &s.summary;
    h.raw("\n<article class=\"session\">\n<header class=\"page-head\">\n  <p class=\"eyebrow\">");
    eyebrow(h, summary);
    h.raw("</p>\n  <h1>");
    h.text(summary.title);
    h.raw("</h1>\n  <p class=\"meta\"><time datetime=\"");
    h.text(&summary.date);
    h.raw("\">");
    h.long_date(&summary.date);
    h.raw("</time>");
    if given(s.next_date.as_deref()).is_some() {
        h.raw(" · ");
        h.t("session.next_meeting");
        h.raw(" <time datetime=\"");
        let iso = s.next_date_iso.as_deref().unwrap_or_default();
        h.text(iso);
        h.raw("\">");
        h.long_date(iso);
        h.raw("</time>");
    }
    if let Some(url) = given(s.retro_url.as_deref()) {
        h.raw(" · <a href=\"");
        h.text(url);
        h.raw("\">");
        h.t("session.retro_notes");
        h.raw("</a>");
    } else if let Some(retro) = given(s.retro) {
        h.raw(" · ");
        h.t("session.retro");
        h.raw(" ");
        h.text(retro);
    }
    h.raw("</p>\n  ");
    if !s.tag_links.is_empty() {
        h.raw("<ul class=\"tags\" aria-label=\"");
        h.t("nav.tags");
        h.raw("\">");
        for tag in &s.tag_links {
            h.raw("<li>");
            tag_html(h, tag);
            h.raw("</li>");
        }
        h.raw("</ul>");
    }
    h.raw("\n</header>\n");
    h.raw(sections);
    h.raw("\n<nav class=\"pager\" aria-label=\"");
    h.t("session.pager");
    h.raw("\">\n  ");
    match s.prev.as_ref().filter(|p| p.is_truthy()) {
        Some(p) => {
            h.raw("<a rel=\"prev\" href=\"");
            h.url_value(field(p, "url"));
            h.raw("\">← ");
            h.value_of(field(p, "title"));
            h.raw("</a>");
        }
        None => h.raw("<span></span>"),
    }
    h.raw("\n  ");
    if let Some(n) = s.next.as_ref().filter(|n| n.is_truthy()) {
        h.raw("<a rel=\"next\" href=\"");
        h.url_value(field(n, "url"));
        h.raw("\">");
        h.value_of(field(n, "title"));
        h.raw(" →</a>");
    }
    h.raw("\n</nav>\n</article>\n");
}

/// `print_session.html`: a session's part of the print page, its sections nested.
pub(in crate::render::pages) fn print_part(h: &mut Html<'_>, s: &SessionSummary<'_>, nested: &str) {
    h.raw("<article class=\"session print-session\" id=\"s");
    h.num(s.number);
    h.raw("\" aria-labelledby=\"s");
    h.num(s.number);
    h.raw("_h\">\n  <header class=\"print-session-head\">\n    <p class=\"eyebrow\">");
    eyebrow(h, s);
    h.raw(" · <time datetime=\"");
    h.text(&s.date);
    h.raw("\">");
    h.long_date(&s.date);
    h.raw("</time></p>\n    <h2 id=\"s");
    h.num(s.number);
    h.raw("_h\"><a href=\"");
    h.url(s.url);
    h.raw("\">");
    h.text(s.title);
    h.raw("</a></h2>\n  </header>\n  ");
    h.raw(nested);
    h.raw("\n</article>\n");
}

/// The `main` block of `sessions.html`: every session of a mentorship, each row from its
/// [`SessionSummary`] (what the template's `sessions` hold, without a template value for
/// each).
pub(super) fn list(h: &mut Html<'_>, m: &MentorshipView<'_>, sessions: &[Session]) {
    h.raw("\n<div class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.text(&m.front.title);
    h.raw("</p>\n  <h1>");
    h.t("nav.sessions");
    h.raw("</h1>\n  <p class=\"lede\">");
    h.t_n("sessions.lede", m.counts.sessions);
    if let Some(cadence) = given(m.front.cadence.as_deref()) {
        h.raw(", ");
        h.text(cadence);
    }
    h.raw(".</p>\n</div>\n");
    if sessions.is_empty() {
        h.raw("\n<p class=\"empty\">");
        h.t("sessions.none");
        h.raw("</p>\n");
        h.raw("\n");
        return;
    }
    h.raw("\n<div class=\"table-wrap\">\n<table class=\"session-table\">\n  <caption class=\"visually-hidden\">");
    h.t("sessions.caption");
    h.raw("</caption>\n  <thead><tr><th scope=\"col\">#</th>");
    h.th_row(&[
        "sessions.session",
        "sessions.date",
        "sessions.kind",
        "sessions.sprint",
    ]);
    h.raw("<th scope=\"col\"><abbr title=\"");
    h.t("sessions.goals_abbr");
    h.raw("\">");
    h.t("nav.goals");
    h.raw("</abbr>: ");
    h.t("sessions.goals_columns");
    h.raw("</th>");
    h.th_row(&["nav.backlog"]);
    h.raw("</tr></thead>\n  <tbody>\n  ");
    for session in sessions {
        let s = SessionSummary::of(session);
        h.raw("\n  <tr>\n    <td>");
        h.num(s.number);
        h.raw("</td>\n    <td>");
        session_link(h, session);
        if let Some(direction) = s.direction {
            h.raw(" <span class=\"direction direction-");
            h.text(direction.as_str());
            h.raw("\">");
            h.t_word("direction.", direction.as_str());
            h.raw("</span>");
        }
        h.raw("</td>\n    <td><time datetime=\"");
        h.text(&s.date);
        h.raw("\">");
        h.text(&s.date);
        h.raw("</time></td>\n    <td>");
        h.t_word("kind.", s.kind.as_str());
        h.raw("</td>\n    <td>");
        h.text(given(s.sprint.as_deref()).unwrap_or("—"));
        h.raw("</td>\n    <td><span class=\"goal-counts\">");
        let counts = [s.new_goals, s.updated_goals, s.closed_goals];
        for (k, touch) in ["new", "updated", "closed"].into_iter().enumerate() {
            if k > 0 {
                h.raw(" / ");
            }
            h.raw("<span class=\"gc gc-");
            h.raw(touch);
            h.raw("\">");
            h.num(counts[k]);
            h.raw("<span class=\"visually-hidden\"> ");
            h.t_word("touch.", touch);
            h.raw("</span></span>");
        }
        h.raw("</span></td>\n    <td>");
        h.num(s.backlog);
        h.raw("</td>\n  </tr>\n  ");
    }
    h.raw("\n  </tbody>\n</table>\n</div>\n");
    h.raw("\n");
}
