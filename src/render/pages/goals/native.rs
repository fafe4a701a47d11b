//! The `main` block of `goal.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::native::{
    Arg, Html, backlog_cells, field, given, goal_state, goal_table, health_flag, owners, status,
};
use super::super::MentorshipView;
use super::super::parts::GoalGroup;
use super::GoalView;
use crate::history::Touch;

/// The `main` block of `goal.html`.
pub(super) fn main(h: &mut Html<'_>, goal: &GoalView<'_>) {
    let g = &goal.summary;
    h.raw("\n<article class=\"goal\">\n<header class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.t("goal.goal");
    h.raw(" <code class=\"id\">");
    h.text(g.id);
    h.raw("</code></p>\n  <h1>");
    h.text(g.text);
    h.raw("</h1>\n  <p>");
    goal_state(h, g);
    h.raw("</p>\n</header>\n<dl class=\"facts\">\n  <div><dt>");
    h.t_n("goal.owners", g.owners.len());
    h.raw("</dt><dd>");
    if g.owners.is_empty() {
        h.raw("—");
    } else {
        owners(h, &g.owners);
    }
    h.raw("</dd></div>\n  <div><dt>");
    h.t("goal.due");
    h.raw("</dt><dd>");
    h.text(given(g.due.as_deref()).unwrap_or("—"));
    h.raw("</dd></div>\n  <div><dt>");
    h.t("goal.set_in");
    h.raw("</dt><dd>");
    h.link(&g.introduced, "title");
    h.raw("</dd></div>\n  ");
    match g.closed.as_ref().filter(|c| c.is_truthy()) {
        Some(closed) => {
            h.raw("<div><dt>");
            h.t("goal.closed_in");
            h.raw("</dt><dd>");
            h.link(closed, "title");
            h.raw("</dd></div>");
        }
        None => {
            h.raw("<div><dt>");
            h.t("goal.last_update");
            h.raw("</dt><dd>");
            h.link(&g.last_update, "title");
            h.raw("</dd></div>");
        }
    }
    h.raw("\n  <div><dt>");
    h.t(if g.open {
        "goal.open_for"
    } else {
        "goal.was_open_for"
    });
    h.raw("</dt><dd>");
    h.open_for(g.sessions_open, g.days_open);
    h.raw("</dd></div>\n  <div class=\"fact-wide\"><dt>");
    h.t("goal.measure");
    h.raw("</dt><dd>");
    h.text(given(g.measure).unwrap_or("—"));
    h.raw("</dd></div>\n</dl>\n\n");

    if !goal.chain.is_empty() {
        h.raw("\n<section aria-labelledby=\"chain_h\">\n  <h2 id=\"chain_h\">");
        h.t("goal.chain");
        h.raw("</h2>\n  <p class=\"section-intro\">");
        if !goal.supersedes.is_empty() {
            h.t("goal.replaced");
            h.raw(" ");
            for (k, s) in goal.supersedes.iter().enumerate() {
                h.link(s, "text");
                if k + 1 < goal.supersedes.len() {
                    h.raw(", ");
                }
            }
            h.raw(".");
        }
        if let Some(by) = goal.superseded_by.as_ref().filter(|b| b.is_truthy()) {
            h.raw(" ");
            h.t("goal.was_superseded_by");
            h.raw(" ");
            h.link(by, "text");
            h.raw(".");
        }
        h.raw("</p>\n  <ol class=\"chain\">\n    ");
        for c in &goal.chain {
            h.raw("\n    <li");
            if c.current {
                h.raw(" class=\"chain-current\">");
                h.raw("<strong aria-current=\"page\">");
                h.text(c.goal.text);
                h.raw("</strong> <span class=\"meta\">");
                h.t("goal.this_goal");
                h.raw("</span>");
            } else {
                h.raw("><a href=\"");
                h.url(c.goal.url);
                h.raw("\">");
                h.text(c.goal.text);
                h.raw("</a>");
            }
            h.raw(" ");
            status(h, c.goal.status.as_str());
            h.raw("</li>\n    ");
        }
        h.raw("\n  </ol>\n</section>\n");
    }
    h.raw("\n\n<section aria-labelledby=\"timeline_h\">\n  <h2 id=\"timeline_h\">");
    h.t("goal.timeline");
    h.raw("</h2>\n  <ol class=\"timeline\">\n    ");
    for e in &goal.events {
        let ev = e.event;
        h.raw("\n    <li class=\"touch-");
        h.text(ev.touch.as_str());
        h.raw("\">\n      <p>");
        h.link(&e.session, "title");
        h.raw(" <span class=\"meta\">");
        h.numbered("session.numbered", Some(&e.session));
        h.raw(" · <time datetime=\"");
        let date = field(&e.session, "date");
        h.value_of(date);
        h.raw("\">");
        h.long_date_of(date);
        h.raw("</time></span></p>\n      <p><span class=\"touch\">");
        if ev.touch == Touch::New {
            h.t("touch.set");
        } else {
            h.t_word("touch.", ev.touch.as_str());
        }
        h.raw("</span> ");
        status(h, ev.status.as_str());
        if let Some(health) = ev.health {
            health_flag(h, health.as_str());
        }
        if let Some(owner) = given(e.owner.as_deref()) {
            h.raw(" · ");
            h.t_n("session.owners", e.owners.len());
            h.raw(" ");
            h.text(owner);
        }
        if let Some(due) = given(ev.due.as_deref()) {
            h.raw(" · ");
            h.t_with("session.due", None, &[("due", Arg::Text(due))]);
        }
        h.raw("</p>\n      ");
        if let Some(note) = given(ev.note.as_deref()) {
            h.raw("<p class=\"note\">");
            h.text(note);
            h.raw("</p>");
        }
        h.raw("\n    </li>\n    ");
    }
    h.raw("\n  </ol>\n</section>\n\n");

    if !goal.addresses.is_empty() {
        h.raw("\n<section aria-labelledby=\"addresses_h\">\n  <h2 id=\"addresses_h\">");
        h.t("goal.addresses");
        h.raw("</h2>\n  <ul class=\"items\">\n    ");
        for w in &goal.addresses {
            h.raw("\n    <li><a href=\"");
            h.url(&w.url);
            h.raw("\">");
            h.text(w.text);
            h.raw("</a> <span class=\"meta\">");
            h.t_n("goal.named_in", w.count);
            h.raw(", ");
            let (first, last) = (field(&w.first, "number"), field(&w.last, "number"));
            h.value_of(first);
            if last != first {
                h.raw("–");
                h.value_of(last);
            }
            h.raw("</span>\n      ");
            match w.stopped_after_achieved {
                Some(true) => {
                    h.raw("<span class=\"flag resolved\">");
                    h.t("goal.stopped_recurring");
                    h.raw("</span>");
                }
                Some(false) => {
                    h.raw("<span class=\"flag recurring\">");
                    h.t("goal.still_recurring");
                    h.raw("</span>");
                }
                None => {}
            }
            h.raw("</li>\n    ");
        }
        h.raw("\n  </ul>\n</section>\n");
    }
    h.raw("\n\n");

    if !goal.backlog.is_empty() {
        h.raw("\n<section aria-labelledby=\"goal_backlog_h\">\n  <h2 id=\"goal_backlog_h\">");
        h.t("goal.backlog");
        h.raw("</h2>\n  <div class=\"table-wrap\">\n  <table class=\"backlog-table\">\n    <thead><tr>");
        h.th_row(&[
            "backlog.item",
            "backlog.change",
            "backlog.before",
            "backlog.after",
            "sessions.session",
        ]);
        h.raw("</tr></thead>\n    <tbody>\n    ");
        for b in &goal.backlog {
            h.raw("\n    <tr>\n      ");
            backlog_cells(h, b);
            h.raw("<a href=\"");
            h.url_value(field(&b.session, "url"));
            h.raw("\">");
            h.numbered("session.numbered", Some(&b.session));
            h.raw("</a></td>\n    </tr>\n    ");
        }
        h.raw("\n    </tbody>\n  </table>\n  </div>\n</section>\n");
    }
    h.raw("\n</article>\n");
}

/// The `main` block of `goals.html`.
pub(super) fn list(
    h: &mut Html<'_>,
    m: &MentorshipView<'_>,
    open: &[GoalGroup<'_>],
    closed: &[GoalGroup<'_>],
) {
    let counts = &m.counts;
    h.raw("\n<div class=\"page-head\">\n  <p class=\"eyebrow\">");
    h.text(&m.front.title);
    h.raw("</p>\n  <h1>");
    h.t("nav.goals");
    h.raw("</h1>\n  <p class=\"lede\">");
    h.t_with(
        "goals.lede",
        i64::try_from(counts.goals).ok(),
        &[
            ("open", Arg::Num(counts.open_goals)),
            ("achieved", Arg::Num(counts.achieved)),
            ("other", Arg::Num(counts.closed_other)),
        ],
    );
    h.raw("</p>\n</div>\n");
    if counts.goals != 0 {
        h.raw("\n<ul class=\"status-bar\" aria-label=\"");
        h.t("goals.by_status");
        h.raw("\">\n  ");
        for c in counts.by_status.iter().filter(|c| c.count != 0) {
            h.raw("<li class=\"status-bar-");
            h.text(c.status.as_str());
            h.raw("\">");
            status(h, c.status.as_str());
            h.raw(" <strong>");
            h.num(c.count);
            h.raw("</strong></li>");
        }
        h.raw("\n</ul>\n");
    }
    h.raw("\n\n<section aria-labelledby=\"open_h\">\n  <h2 id=\"open_h\">");
    h.t("goals.open");
    h.raw(" <span class=\"count\">");
    h.num(counts.open_goals);
    h.raw("</span></h2>\n  ");
    if open.is_empty() {
        h.raw("\n  <p class=\"empty\">");
        h.t("goals.none_open");
        h.raw("</p>\n  ");
    } else {
        h.raw("\n  <p class=\"section-intro\">");
        h.t("goals.open_intro");
        h.raw("</p>\n  ");
        groups(h, open);
        h.raw("\n  ");
    }
    h.raw("\n</section>\n\n<section aria-labelledby=\"closed_h\">\n  <h2 id=\"closed_h\">");
    h.t("goals.closed");
    h.raw(" <span class=\"count\">");
    match counts.goals.checked_sub(counts.open_goals) {
        Some(n) => h.num(n),
        None => h.give_up(),
    }
    h.raw("</span></h2>\n  ");
    if closed.is_empty() {
        h.raw("\n  <p class=\"empty\">");
        h.t("goals.none_closed");
        h.raw("</p>\n  ");
    } else {
        h.raw("\n  ");
        groups(h, closed);
        h.raw("\n  ");
    }
    h.raw("\n</section>\n");
}

/// The groups of the goals list, each a heading and a goal table.
fn groups(h: &mut Html<'_>, groups: &[GoalGroup<'_>]) {
    for group in groups {
        h.raw("\n  <h3 id=\"status_");
        h.text(group.status.as_str());
        h.raw("\">");
        status(h, group.status.as_str());
        h.raw(" <span class=\"count\">");
        h.num(group.goals.len());
        h.raw("</span></h3>\n  ");
        goal_table(h, false, group.open, &group.goals);
        h.raw("\n  ");
    }
}
