//! The `main` block of `next.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::native::{
    Arg, Html, field, given, health_flag, link_list, owner_due_open_for, status,
};
use super::super::MentorshipView;
use super::AgendaView;

/// `<time datetime="{{ d }}">{{ d | long_date }}</time>` of a session value's date.
fn long_time(h: &mut Html<'_>, s: &tera::Value) {
    h.raw("<time datetime=\"");
    let date = field(s, "date");
    h.value_of(date);
    h.raw("\">");
    h.long_date_of(date);
    h.raw("</time>");
}

/// `{{ t(key=key, number=s.number) }}` linked to the session `s`.
fn session_link(h: &mut Html<'_>, key: &str, s: &tera::Value) {
    h.raw("<a href=\"");
    h.url_value(field(s, "url"));
    h.raw("\">");
    h.numbered(key, Some(s));
    h.raw("</a>");
}

/// A section's heading with its count, and the start of its body.
fn heading(h: &mut Html<'_>, id: &str, key: &str, count: usize) {
    h.raw("<h2 id=\"");
    h.raw(id);
    h.raw("\">");
    h.t(key);
    h.raw(" <span class=\"count\">");
    h.num(count);
    h.raw("</span></h2>\n  ");
}

/// `<p class="empty">…</p>` of an empty section.
fn empty(h: &mut Html<'_>, key: &str) {
    h.raw("\n  <p class=\"empty\">");
    h.t(key);
    h.raw("</p>\n  ");
}

/// The `main` block of `next.html`.
// Long on purpose: the template's sections one after another, as it writes them.
pub(super) fn main(h: &mut Html<'_>, m: &MentorshipView<'_>, a: &AgendaView<'_>) {
    h.raw("\n<div class=\"page-head agenda-head\">\n  <p class=\"eyebrow\">");
    h.text(&m.front.title);
    h.raw(" · ");
    h.t("agenda.eyebrow");
    h.raw("</p>\n  <h1>");
    h.t("agenda.title");
    h.raw("</h1>\n  <p class=\"lede\">");
    if let Some(next) = given(a.next_date.as_deref()) {
        h.t("agenda.next_meeting");
        h.raw(" <strong><time datetime=\"");
        h.text(next);
        h.raw("\">");
        h.long_date(next);
        h.raw("</time></strong>.");
    } else if a.ended {
        h.t("agenda.ended");
    } else {
        h.t("agenda.no_date");
        h.raw(" (<code>next:</code>).");
    }
    h.raw("\n  ");
    if let Some(after) = &a.after {
        h.t("agenda.after");
        h.raw(" <a href=\"");
        h.url_value(field(after, "url"));
        h.raw("\">");
        let number = field(after, "number")
            .and_then(tera::Value::as_i128)
            .and_then(|n| usize::try_from(n).ok());
        match (number, field(after, "title").and_then(tera::Value::as_str)) {
            (Some(number), Some(title)) => h.t_with(
                "agenda.after_session",
                None,
                &[("number", Arg::Num(number)), ("title", Arg::Text(title))],
            ),
            _ => h.give_up(),
        }
        h.raw("</a> (");
        long_time(h, after);
        h.raw(").");
    }
    h.raw("</p>\n  <p class=\"print-hint\">");
    h.t("agenda.print_hint");
    h.raw(" <a href=\"");
    h.url(&m.urls.calendar);
    h.raw("\" type=\"text/calendar\">");
    h.t("agenda.calendar_link");
    h.raw("</a>.</p>\n</div>\n\n");
    if let Some(s) = &a.slipping {
        h.raw("\n<section aria-labelledby=\"slipping_h\" class=\"agenda-alert\">\n  <h2 id=\"slipping_h\">");
        h.t("agenda.slipping_title");
        h.raw("</h2>\n  <p>");
        h.t_with(
            "agenda.slipping",
            i64::try_from(s.open).ok(),
            &[
                ("slipping", Arg::Num(s.slipping)),
                ("overdue", Arg::Num(s.overdue)),
                ("untouched", Arg::Num(s.untouched)),
            ],
        );
        h.raw(" ");
        h.t("agenda.slipping_then");
        h.raw(" (<code>direction: reorient</code>, <code>direction: sunset</code>).</p>\n</section>\n");
    }
    h.raw("\n\n");
    if let Some(r) = &a.reflection_due {
        h.raw("\n<section aria-labelledby=\"reflect_h\" class=\"agenda-alert\">\n  <h2 id=\"reflect_h\">");
        h.t("agenda.reflect_title");
        h.raw("</h2>\n  <p>");
        if r.since == m.counts.sessions {
            h.t("agenda.reflect_never");
        } else {
            h.t_n("agenda.reflect_since", r.since);
        }
        h.raw("; ");
        h.t_with(
            "agenda.reflect_every",
            None,
            &[("every", Arg::Num(r.every))],
        );
        h.raw("</p>\n</section>\n");
    }
    h.raw("\n\n<section aria-labelledby=\"agenda_goals_h\" class=\"agenda-goals\">\n  ");
    heading(h, "agenda_goals_h", "goals.open", a.goals.len());
    if a.goals.is_empty() {
        empty(h, "agenda.no_goals");
    } else {
        goals(h, a);
    }
    h.raw("\n</section>\n\n<section aria-labelledby=\"agenda_weaknesses_h\">\n  ");
    heading(
        h,
        "agenda_weaknesses_h",
        "agenda.weaknesses_title",
        a.weaknesses.len(),
    );
    if a.weaknesses.is_empty() {
        empty(h, "agenda.no_weaknesses");
    } else {
        weaknesses(h, a);
    }
    h.raw("\n</section>\n\n<section aria-labelledby=\"agenda_questions_h\">\n  ");
    heading(
        h,
        "agenda_questions_h",
        "agenda.questions_title",
        a.questions.len(),
    );
    if a.questions.is_empty() {
        empty(h, "agenda.no_questions");
    } else {
        questions(h, a);
    }
    h.raw("\n</section>\n\n<section aria-labelledby=\"agenda_backlog_h\">\n  ");
    heading(
        h,
        "agenda_backlog_h",
        "agenda.backlog_title",
        a.backlog.len(),
    );
    if a.backlog.is_empty() {
        empty(h, "agenda.no_backlog");
    } else {
        backlog(h, a);
    }
    h.raw("\n</section>\n");
}

/// The open goals' table.
fn goals(h: &mut Html<'_>, a: &AgendaView<'_>) {
    h.raw("\n  <p class=\"section-intro\">");
    h.t("agenda.goals_intro");
    if a.overdue > 0 {
        h.raw(" ");
        h.t_n("home.overdue", a.overdue);
    }
    h.raw("</p>\n  <div class=\"table-wrap\">\n  <table class=\"goal-table agenda-table\">\n    <thead><tr>");
    h.th_row(&[
        "goal.goal",
        "goal.status",
        "goal.owner",
        "goal.due",
        "goal.open_for",
        "goal.last_update",
    ]);
    h.raw("</tr></thead>\n    <tbody>\n    ");
    for ag in &a.goals {
        let g = &ag.summary;
        h.raw("\n    <tr>\n      <td><a href=\"");
        h.url(g.url);
        h.raw("\">");
        h.text(g.text);
        h.raw("</a> <code class=\"id\">");
        h.text(g.id);
        h.raw("</code></td>\n      <td>");
        status(h, g.status.as_str());
        if let Some(health) = g.health {
            health_flag(h, health.as_str());
        }
        if g.overdue {
            h.raw(" <span class=\"flag overdue\">");
            h.t("goal.overdue");
            h.raw("</span>");
        }
        h.raw("</td>\n      <td>");
        owner_due_open_for(h, g, "</td>\n      <td>");
        h.raw("</td>\n      <td>");
        session_link(h, "session.numbered", &g.last_update);
        h.raw(" <span class=\"meta\"><time datetime=\"");
        let date = field(&g.last_update, "date");
        h.value_of(date);
        h.raw("\">");
        h.value_of(date);
        h.raw("</time></span>");
        if ag.stale {
            h.raw(" <span class=\"flag stale\">");
            h.t_n("agenda.untouched", ag.untouched);
            h.raw("</span>");
        }
        h.raw("</td>\n    </tr>\n    ");
    }
    h.raw("\n    </tbody>\n  </table>\n  </div>\n  ");
}

/// The weaknesses no open goal addresses.
fn weaknesses(h: &mut Html<'_>, a: &AgendaView<'_>) {
    h.raw("\n  <p class=\"section-intro\">");
    h.t("agenda.weaknesses_intro");
    h.raw("</p>\n  <ul class=\"items agenda-weaknesses\">\n    ");
    for w in &a.weaknesses {
        let impact = w.impact.as_str();
        h.raw("\n    <li><a href=\"");
        h.url(&w.url);
        h.raw("\">");
        h.text(w.text);
        h.raw("</a> <span class=\"impact impact-");
        h.text(impact);
        h.raw("\">");
        h.t_word("impact_label.", impact);
        h.raw("</span> <span class=\"meta\">");
        let first = field(&w.first, "number")
            .and_then(tera::Value::as_i128)
            .and_then(|n| usize::try_from(n).ok());
        match first {
            Some(first) => h.t_with(
                "agenda.named_since",
                i64::try_from(w.count).ok(),
                &[("first", Arg::Num(first))],
            ),
            None => h.give_up(),
        }
        if !w.addressed_before.is_empty() {
            h.raw("; ");
            h.t("agenda.earlier_goals");
            h.raw(" ");
            for (k, g) in w.addressed_before.iter().enumerate() {
                h.link(g, "text");
                h.raw(" (");
                h.t_word_of("status.", field(g, "status"));
                h.raw(")");
                if k + 1 < w.addressed_before.len() {
                    h.raw(", ");
                }
            }
        }
        h.raw("</span></li>\n    ");
    }
    h.raw("\n  </ul>\n  ");
}

/// The questions never marked answered.
fn questions(h: &mut Html<'_>, a: &AgendaView<'_>) {
    h.raw("\n  <p class=\"section-intro\">");
    h.t("agenda.questions_intro");
    h.raw(" (<code>answered: true</code>, <code>answer: …</code>).</p>\n  <ul class=\"items questions agenda-questions\">\n    ");
    for q in &a.questions {
        h.raw("\n    <li>");
        h.text(q.text);
        h.raw(" <span class=\"meta\">");
        h.t("agenda.raised_in");
        h.raw(" ");
        session_link(h, "session.numbered_lower", &q.first);
        if q.times > 1 {
            h.raw(", ");
            h.t_with("agenda.asked", None, &[("times", Arg::Num(q.times))]);
            h.raw(" ");
            session_link(h, "session.numbered_lower", &q.last);
        }
        if !q.addresses.is_empty() {
            h.raw("; ");
            h.t("session.about");
            h.raw(" ");
            link_list(h, &q.addresses, "; ");
        }
        h.raw("</span></li>\n    ");
    }
    h.raw("\n  </ul>\n  ");
}

/// The backlog changes serving open goals.
fn backlog(h: &mut Html<'_>, a: &AgendaView<'_>) {
    h.raw("\n  <div class=\"table-wrap\">\n  <table class=\"backlog-table agenda-table\">\n    <thead><tr>");
    h.th_row(&[
        "backlog.item",
        "backlog.change",
        "goal.goal",
        "sessions.session",
    ]);
    h.raw("</tr></thead>\n    <tbody>\n    ");
    for b in &a.backlog {
        h.raw("\n    <tr>\n      <td>");
        h.raw("<a href=\"");
        match given(b.issue_url.as_deref()) {
            Some(url) => h.text(url),
            None => h.url(&b.history_url),
        }
        h.raw("\">");
        h.text(&b.entry.item);
        h.raw("</a>");
        if let Some(note) = given(b.entry.note.as_deref()) {
            h.raw(" <span class=\"meta\">");
            h.text(note);
            h.raw("</span>");
        }
        h.raw("</td>\n      <td>");
        h.t_word("change.", b.entry.change.as_str());
        if let Some(values) = given(b.values.as_deref()) {
            h.raw(" <span class=\"meta\">");
            h.text(values);
            h.raw("</span>");
        }
        h.raw("</td>\n      <td>");
        if let Some(g) = b.goal_link.as_ref().filter(|g| g.is_truthy()) {
            h.raw("<a href=\"");
            h.url_value(field(g, "url"));
            h.raw("\" title=\"");
            h.value_of(field(g, "text"));
            h.raw("\"><code class=\"id\">");
            h.value_of(field(g, "id"));
            h.raw("</code></a>");
        }
        h.raw("</td>\n      <td>");
        session_link(h, "session.numbered", &b.session);
        h.raw("</td>\n    </tr>\n    ");
    }
    h.raw("\n    </tbody>\n  </table>\n  </div>\n  ");
}
