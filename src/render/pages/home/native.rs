//! The `main` block of `index.html` as shipped, written in Rust (see `render::native`):
//! each line below follows the template's, text and white space included.

use super::super::super::context::SessionSummary;
use super::super::super::native::{
    Arg, Html, direction, field, given, link_list, owners, people_linked, reflection_item, status,
    status_groups,
};
use super::super::MentorshipView;
use super::super::follow_through::{self, FollowThroughView};
use super::super::next::BetweenView;
use super::super::parts::{GoalGroup, GridRow, ReflectionView, SessionGoalView};
use super::super::timeline::{TimelineView, timeline_html};
use super::OutcomeView;

/// What `index.html` shows besides `m`.
pub(super) struct Home<'v, 'a> {
    pub latest: Option<&'v SessionSummary<'a>>,
    pub latest_goals: &'v [SessionGoalView<'a>],
    pub recent: &'v [SessionSummary<'a>],
    pub open_goals: &'v [GoalGroup<'a>],
    pub between: &'v BetweenView,
    pub follow_through: Option<&'v FollowThroughView>,
    pub timeline: Option<&'v TimelineView>,
    pub reflections: &'v [ReflectionView<'a>],
    pub top_weaknesses: &'v [GridRow<'a>],
    pub outcome: Option<&'v OutcomeView<'a>>,
    pub agreement_html: &'v str,
}

/// `<time datetime="{{ d }}">{{ d | long_date }}</time>`.
fn time(h: &mut Html<'_>, date: &str) {
    h.raw("<time datetime=\"");
    h.text(date);
    h.raw("\">");
    h.long_date(date);
    h.raw("</time>");
}

/// A fact of the hero's list: `<div><dt>…</dt><dd><time …></time></dd></div>`.
fn date_fact(h: &mut Html<'_>, key: &str, date: &str) {
    h.raw("<div><dt>");
    h.t(key);
    h.raw("</dt><dd>");
    time(h, date);
    h.raw("</dd></div>");
}

/// `<li>{% include "status.html" %} <a href="{{ g.url | url }}">{{ g.text }}</a>` of a
/// goal link.
fn goal_item(h: &mut Html<'_>, g: &tera::Value) {
    h.raw("<li>");
    match field(g, "status").and_then(tera::Value::as_str) {
        Some(s) => status(h, s),
        None => h.give_up(),
    }
    h.raw(" ");
    h.link(g, "text");
}

/// `{{ v.number }}` of a session value, as a number for `t`.
fn number(h: &mut Html<'_>, v: &tera::Value) -> usize {
    match field(v, "number")
        .and_then(tera::Value::as_i128)
        .and_then(|n| usize::try_from(n).ok())
    {
        Some(n) => n,
        None => {
            h.give_up();
            0
        }
    }
}

/// The `main` block of `index.html`.
// Long on purpose: the template's sections one after another, as it writes them.
pub(super) fn main(h: &mut Html<'_>, m: &MentorshipView<'_>, v: &Home<'_, '_>) {
    let f = m.front;
    let status_word = f.status.as_str();
    h.raw("\n<div class=\"hero\">\n  <p class=\"eyebrow\">");
    h.t("home.eyebrow");
    h.raw(" · <span class=\"status status-m-");
    h.text(status_word);
    h.raw("\">");
    h.t_word("mentorship_status.", status_word);
    h.raw("</span></p>\n  <h1>");
    h.text(&f.title);
    h.raw("</h1>\n  <p class=\"lede\">");
    h.text(&f.mentee);
    h.raw(" · ");
    h.t("home.mentored_by");
    h.raw(" ");
    people_linked(h, &m.mentor_links, true);
    h.raw("</p>\n  <dl class=\"facts\">\n    ");
    date_fact(h, "home.started", &f.started.to_string());
    h.raw("\n    ");
    if let Some(ended) = f.ended {
        date_fact(h, "home.ended", &ended.to_string());
    } else if let Some(ends) = f.ends {
        date_fact(h, "home.planned_end", &ends.to_string());
    }
    h.raw("\n    ");
    if let Some(cadence) = given(f.cadence.as_deref()) {
        h.raw("<div><dt>");
        h.t("home.cadence");
        h.raw("</dt><dd>");
        h.text(cadence);
        h.raw("</dd></div>");
    }
    h.raw("\n    ");
    if let Some(formality) = f.formality {
        h.raw("<div><dt>");
        h.t("home.formality");
        h.raw("</dt><dd>");
        h.t_word("formality.", formality.as_str());
        h.raw("</dd></div>");
    }
    h.raw("\n    ");
    if let Some(as_of) = given(m.as_of.as_deref()) {
        date_fact(h, "home.latest_session", as_of);
    }
    h.raw("\n    ");
    if let Some(url) = given(m.repo_url.as_deref()) {
        h.raw("<div class=\"fact-wide\"><dt>");
        h.t("home.repository");
        h.raw("</dt><dd><a href=\"");
        h.text(url);
        h.raw("\">");
        h.text(url);
        h.raw("</a></dd></div>");
    } else if let Some(repo) = given(f.repo.as_deref()) {
        h.raw("<div class=\"fact-wide\"><dt>");
        h.t("home.repository");
        h.raw("</dt><dd>");
        h.text(repo);
        h.raw("</dd></div>");
    }
    h.raw("\n  </dl>\n  ");
    if !f.tags.is_empty() {
        h.raw("<ul class=\"tags\" aria-label=\"");
        h.t("nav.tags");
        h.raw("\">");
        for tag in &f.tags {
            h.raw("<li class=\"tag\">");
            h.text(tag);
            h.raw("</li>");
        }
        h.raw("</ul>");
    }
    h.raw("\n</div>\n\n<section aria-labelledby=\"counts_h\" class=\"counts\">\n  <h2 id=\"counts_h\" class=\"visually-hidden\">");
    h.t("home.in_numbers");
    h.raw("</h2>\n  <ul>\n    ");
    counts(h, m);
    h.raw("\n  </ul>\n</section>\n\n");
    if let Some(o) = v.outcome {
        outcome(h, m, o);
    }
    h.raw("\n\n");
    if let Some(latest) = v.latest {
        latest_session(h, latest, v.latest_goals);
    }
    h.raw("\n\n<section aria-labelledby=\"between_h\" class=\"between\">\n  <h2 id=\"between_h\">");
    between(h, m, v.between);
    h.raw("</p>\n</section>\n\n");
    if let Some(t) = v.timeline {
        h.raw("\n<section aria-labelledby=\"timeline_h\">\n  <h2 id=\"timeline_h\">");
        h.t("timeline.title");
        h.raw("</h2>\n  ");
        timeline_html(h, t);
        h.raw("\n</section>\n");
    }
    h.raw("\n\n");
    if let Some(ft) = v.follow_through {
        h.raw("\n<section aria-labelledby=\"follow_h\">\n  <h2 id=\"follow_h\">");
        h.t("follow.title");
        h.raw("</h2>\n  ");
        follow_through::native_html(h, ft);
        h.raw("\n</section>\n");
    }
    h.raw("\n\n<section aria-labelledby=\"open_h\">\n  <h2 id=\"open_h\">");
    h.t("goals.open");
    h.raw("</h2>\n  ");
    if v.open_goals.is_empty() {
        h.raw("\n  <p class=\"empty\">");
        h.t("goals.none_open");
        if m.counts.goals > 0 {
            h.raw(" <a href=\"");
            h.url(&m.urls.goals);
            h.raw("\">");
            h.t("home.see_how");
            h.raw("</a>.");
        }
        h.raw("</p>\n  ");
    } else {
        h.raw("\n  <p class=\"section-intro\">");
        h.t("home.open_intro");
        if m.counts.overdue > 0 {
            h.raw(" ");
            h.t_n("home.overdue", m.counts.overdue);
        }
        h.raw("</p>\n  ");
        status_groups(h, v.open_goals);
        h.raw("\n  ");
    }
    h.raw("\n</section>\n\n");
    if !f.aims.is_empty() && v.outcome.is_none() {
        h.raw("\n<section aria-labelledby=\"aims_h\">\n  <h2 id=\"aims_h\">");
        h.t("home.aims");
        h.raw("</h2>\n  <ul class=\"aims\">\n    ");
        aims(h, m);
        h.raw("\n  </ul>\n</section>\n");
    }
    h.raw("\n\n");
    if !v.top_weaknesses.is_empty() {
        top_weaknesses(h, m, v.top_weaknesses);
    }
    h.raw("\n\n");
    if !v.reflections.is_empty() {
        reflections(h, v.reflections);
    }
    h.raw("\n\n");
    if !v.recent.is_empty() {
        recent(h, m, v.recent);
    }
    h.raw("\n\n");
    if !v.agreement_html.is_empty() {
        h.raw("\n<section aria-labelledby=\"agreement_h\" class=\"prose\">\n  <h2 id=\"agreement_h\">");
        h.t("home.agreement");
        h.raw("</h2>\n  ");
        h.raw(v.agreement_html);
        h.raw("\n</section>\n");
    }
    h.raw("\n\n");
    if !m.member_links.is_empty() || f.roles.is_some() {
        roles(h, m);
    }
    h.raw("\n");
}

/// The list of counts.
fn counts(h: &mut Html<'_>, m: &MentorshipView<'_>) {
    let c = &m.counts;
    let u = &m.urls;
    let linked = |h: &mut Html<'_>, url: &str, n: usize, key: &str| {
        h.raw("<li><a href=\"");
        h.url(url);
        h.raw("\"><strong>");
        h.num(n);
        h.raw("</strong> ");
        h.t_n(key, n);
        h.raw("</a></li>");
    };
    let plain = |h: &mut Html<'_>, n: usize, key: &str| {
        h.raw("<strong>");
        h.num(n);
        h.raw("</strong> ");
        h.t_n(key, n);
        h.raw("</li>");
    };
    linked(h, &u.sessions, c.sessions, "word.sessions");
    h.raw("\n    ");
    linked(h, &u.goals, c.goals, "word.goals");
    h.raw("\n    <li>");
    plain(h, c.open_goals, "word.open");
    h.raw("\n    <li>");
    plain(h, c.achieved, "word.achieved");
    h.raw("\n    <li");
    if c.overdue > 0 {
        h.raw(" class=\"count-alert\"");
    }
    h.raw(">");
    plain(h, c.overdue, "word.overdue");
    h.raw("\n    ");
    linked(
        h,
        &u.recurring,
        c.recurring_weaknesses,
        "word.recurring_weaknesses",
    );
    h.raw("\n    ");
    linked(h, &u.backlog, c.backlog_changes, "word.backlog_changes");
    h.raw("\n    ");
    linked(h, &u.people, c.people, "word.people");
}

/// `{% for aim in m.aims %}…{% endfor %}`.
fn aims(h: &mut Html<'_>, m: &MentorshipView<'_>) {
    for aim in &m.front.aims {
        h.raw("<li>");
        h.text(&aim.text);
        if let Some(area) = given(aim.area.as_deref()) {
            h.raw(" <span class=\"tag\">");
            h.text(area);
            h.raw("</span>");
        }
        h.raw("</li>");
    }
}

/// The outcome section of an ended mentorship.
fn outcome(h: &mut Html<'_>, m: &MentorshipView<'_>, o: &OutcomeView<'_>) {
    h.raw("\n<section aria-labelledby=\"outcome_h\" class=\"outcome\">\n  <h2 id=\"outcome_h\">");
    h.t("outcome.title");
    h.raw("</h2>\n  <div class=\"columns\">\n    <div>\n      <h3>");
    h.t("outcome.aimed_for");
    h.raw("</h3>\n      ");
    if m.front.aims.is_empty() {
        h.raw("<p>");
        h.t("outcome.no_aims");
        h.raw("</p>");
    } else {
        h.raw("\n      <ul class=\"aims\">\n        ");
        aims(h, m);
        h.raw("\n      </ul>\n      ");
    }
    h.raw("\n    </div>\n    <div>\n      <h3>");
    h.t("outcome.achieved");
    h.raw("</h3>\n      <p class=\"outcome-score\"><strong>");
    h.num(o.achieved.len());
    h.raw("</strong> ");
    h.t_n("outcome.score", m.counts.goals);
    if !o.partial.is_empty() {
        h.t_with(
            "outcome.partly",
            None,
            &[("count", Arg::Num(o.partial.len()))],
        );
    }
    h.raw(".</p>\n      ");
    if !o.achieved.is_empty() {
        h.raw("\n      <ul class=\"outcome-list\">");
        for g in &o.achieved {
            goal_item(h, g);
            h.raw("</li>");
        }
        h.raw("</ul>\n      ");
    }
    h.raw("\n      ");
    if !o.partial.is_empty() || !o.not_achieved.is_empty() || !o.still_open.is_empty() {
        h.raw("\n      <ul class=\"outcome-list\">\n        ");
        for g in &o.partial {
            goal_item(h, g);
            h.raw("</li>");
        }
        h.raw("\n        ");
        for g in &o.not_achieved {
            goal_item(h, g);
            h.raw("</li>");
        }
        h.raw("\n        ");
        for g in &o.still_open {
            goal_item(h, g);
            h.raw(" <span class=\"meta\">");
            h.t("goal.still_open");
            h.raw("</span></li>");
        }
        h.raw("\n      </ul>\n      ");
    }
    h.raw("\n      ");
    if !o.resolved.is_empty() {
        h.raw("\n      <p class=\"outcome-note\"><strong>");
        h.t("outcome.stopped");
        h.raw("</strong> ");
        h.t_n("outcome.stopped_once", o.resolved.len());
        h.raw("\n        ");
        link_list(h, &o.resolved, "; ");
        h.raw(".</p>\n      ");
    }
    h.raw("\n      ");
    if !o.remaining.is_empty() {
        h.raw("\n      <p class=\"outcome-note\"><strong>");
        h.t("outcome.still_named");
        h.raw("</strong> ");
        h.t("outcome.in_the_last");
        h.raw("\n        ");
        link_list(h, &o.remaining, "; ");
        h.raw(".</p>\n      ");
    }
    h.raw("\n    </div>\n  </div>\n  ");
    if let Some(closing) = &o.closing {
        h.raw("\n  <figure class=\"closing-quote\">\n    <blockquote><p>");
        match closing.reflection {
            Some(text) => h.text(text),
            None => h.give_up(),
        }
        h.raw("</p></blockquote>\n    <figcaption>— ");
        h.link(&closing.session, "title");
        h.raw(", <time datetime=\"");
        let date = field(&closing.session, "date");
        h.value_of(date);
        h.raw("\">");
        h.long_date_of(date);
        h.raw("</time></figcaption>\n  </figure>\n  ");
    }
    h.raw("\n</section>\n");
}

/// The latest session's card.
fn latest_session(h: &mut Html<'_>, s: &SessionSummary<'_>, goals: &[SessionGoalView<'_>]) {
    h.raw("\n<section aria-labelledby=\"latest_h\">\n  <h2 id=\"latest_h\">");
    h.t("home.latest_session");
    h.raw("</h2>\n  <article class=\"card card-latest\">\n    <h3><a href=\"");
    h.url(s.url);
    h.raw("\">");
    h.text(s.title);
    h.raw("</a></h3>\n    <p class=\"meta\">");
    h.t_with("session.numbered", None, &[("number", Arg::Num(s.number))]);
    h.raw(" · ");
    time(h, &s.date);
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
    h.raw("</p>\n    <p>");
    h.t_with(
        "home.latest_goals",
        i64::try_from(s.closed_goals).ok(),
        &[
            ("new", Arg::Num(s.new_goals)),
            ("updated", Arg::Num(s.updated_goals)),
        ],
    );
    if let Some(d) = s.direction {
        h.t("home.decision");
        h.raw(" ");
        direction(h, d);
    }
    h.raw(".</p>\n    ");
    if !goals.is_empty() {
        h.raw("\n    <ul class=\"mini-goals\">\n      ");
        for g in goals {
            let touch = g.change.touch.as_str();
            h.raw("<li class=\"touch-");
            h.text(touch);
            h.raw("\"><span class=\"touch\">");
            h.t_word("touch.", touch);
            h.raw("</span> ");
            h.text(&g.change.text);
            h.raw(" ");
            status(h, g.change.status.as_str());
            h.raw("</li>");
        }
        h.raw("\n    </ul>\n    ");
    }
    h.raw("\n  </article>\n</section>\n");
}

/// The section between sessions, up to its last paragraph's end.
fn between(h: &mut Html<'_>, m: &MentorshipView<'_>, b: &BetweenView) {
    h.t("between.title");
    h.raw("</h2>\n  <p>");
    if let Some(next) = given(b.next_date.as_deref()) {
        h.t("agenda.next_meeting");
        h.raw(" <strong>");
        time(h, next);
        h.raw("</strong>. ");
    }
    h.t_n("between.carry", b.open_goals);
    if b.overdue > 0 {
        h.t_with("between.overdue", None, &[("count", Arg::Num(b.overdue))]);
    }
    h.raw("; ");
    h.t_n("between.questions", b.open_questions);
    if b.reflection_due {
        h.raw(" ");
        h.t("between.reflection_due");
    }
    if b.slipping {
        h.raw(" <span class=\"flag overdue\">");
        h.t("between.slipping");
        h.raw("</span>");
    }
    h.raw("</p>\n  <p class=\"between-links\"><a href=\"");
    h.url(&m.urls.next);
    h.raw("\">");
    h.t("between.agenda_link");
    h.raw("</a> · <a href=\"");
    h.url(&m.urls.calendar);
    h.raw("\" type=\"text/calendar\">");
    h.t("agenda.calendar_link");
    h.raw("</a>");
}

/// The weaknesses that keep coming back.
fn top_weaknesses(h: &mut Html<'_>, m: &MentorshipView<'_>, rows: &[GridRow<'_>]) {
    h.raw("\n<section aria-labelledby=\"recurring_h\">\n  <h2 id=\"recurring_h\">");
    h.t("home.keeps_coming_back");
    h.raw("</h2>\n  <ul class=\"recurring-list\">\n    ");
    for w in rows {
        h.raw("\n    <li>\n      <a href=\"");
        let mut anchor = String::with_capacity(m.urls.recurring.len() + 1 + w.anchor.len());
        anchor.push_str(&m.urls.recurring);
        anchor.push('#');
        anchor.push_str(w.anchor);
        h.url(&anchor);
        h.raw("\">");
        h.text(w.text);
        h.raw("</a>\n      <span class=\"meta\">");
        let (first, last) = (number(h, &w.first), number(h, &w.last));
        h.t_with(
            "home.in_sessions",
            None,
            &[
                ("count", Arg::Num(w.count)),
                ("first", Arg::Num(first)),
                ("last", Arg::Num(last)),
            ],
        );
        if !w.addressed_by.is_empty() {
            h.raw(" · ");
            h.t_n("home.addressed_by", w.addressed_by.len());
        }
        h.raw("</span>\n      ");
        match w.stopped_after_achieved {
            Some(true) => {
                h.raw("<span class=\"flag resolved\">");
                h.t("home.stopped_after");
                h.raw("</span>");
            }
            Some(false) => {
                h.raw("<span class=\"flag recurring\">");
                h.t("home.back_after");
                h.raw("</span>");
            }
            None if w.current => {
                h.raw("<span class=\"flag recurring\">");
                h.t("home.still_named");
                h.raw("</span>");
            }
            None => {}
        }
        h.raw("\n    </li>\n    ");
    }
    h.raw("\n  </ul>\n  <p><a class=\"more\" href=\"");
    h.url(&m.urls.recurring);
    h.raw("\">");
    h.t("home.every_weakness");
    h.raw("</a></p>\n</section>\n");
}

/// Reflections and decisions, linked to their sessions.
fn reflections(h: &mut Html<'_>, list: &[ReflectionView<'_>]) {
    h.raw("\n<section aria-labelledby=\"reflections_h\">\n  <h2 id=\"reflections_h\">");
    h.t("reflections.title");
    h.raw("</h2>\n  <ol class=\"timeline reflections\">\n    ");
    for r in list {
        reflection_item(h, r, |h| h.link(&r.session, "title"));
    }
    h.raw("\n  </ol>\n</section>\n");
}

/// The latest sessions.
fn recent(h: &mut Html<'_>, m: &MentorshipView<'_>, list: &[SessionSummary<'_>]) {
    let more = m.counts.sessions > list.len();
    h.raw("\n<section aria-labelledby=\"sessions_h\">\n  <h2 id=\"sessions_h\">");
    h.t(if more {
        "home.recent_sessions"
    } else {
        "nav.sessions"
    });
    h.raw("</h2>\n  <ol class=\"session-list\" reversed>\n    ");
    for s in list {
        h.raw("\n    <li><span class=\"session-no\" aria-hidden=\"true\">");
        h.num(s.number);
        h.raw("</span><a href=\"");
        h.url(s.url);
        h.raw("\">");
        h.text(s.title);
        h.raw("</a> <span class=\"meta\">");
        time(h, &s.date);
        h.raw(" · ");
        h.t_word("kind.", s.kind.as_str());
        h.raw("</span></li>\n    ");
    }
    h.raw("\n  </ol>\n  ");
    if more {
        h.raw("<p><a class=\"more\" href=\"");
        h.url(&m.urls.sessions);
        h.raw("\">");
        h.t_n("home.all_sessions", m.counts.sessions);
        h.raw("</a></p>");
    }
    h.raw("\n</section>\n");
}

/// People and roles.
fn roles(h: &mut Html<'_>, m: &MentorshipView<'_>) {
    h.raw("\n<section aria-labelledby=\"roles_h\">\n  <h2 id=\"roles_h\">");
    h.t("home.people_and_roles");
    h.raw("</h2>\n  ");
    if !m.member_links.is_empty() {
        h.raw("<p><strong>");
        h.t("home.team");
        h.raw("</strong> ");
        owners(h, &m.member_links);
        h.raw("</p>");
    }
    h.raw("\n  ");
    if let Some(roles) = &m.front.roles {
        h.raw("\n  <div class=\"columns\">\n    ");
        for (duties, key) in [
            (&roles.mentor, "home.mentors"),
            (&roles.mentee, "home.mentee"),
        ] {
            if !duties.is_empty() {
                h.raw("<div><h3>");
                h.t(key);
                h.raw("</h3><ul>");
                for r in duties {
                    h.raw("<li>");
                    h.text(r);
                    h.raw("</li>");
                }
                h.raw("</ul></div>");
            }
            if key == "home.mentors" {
                h.raw("\n    ");
            }
        }
        h.raw("\n  </div>\n  ");
    }
    h.raw("\n</section>\n");
}
