//! The built-in theme's busiest templates, written in Rust (issue 17): Tera's interpreter
//! and the template values it reads were the largest part of a build's time, and a
//! session's sections are rendered for every session of the log.
//!
//! A shortcut in the sense of STYLE.md habit 17: taken only while every template is the
//! built-in one as shipped ([`super::Renderer::built_in_templates`]), and then it must
//! write what Tera writes with those templates, byte for byte. `tests/cli/native.rs`
//! shows that it does on random logs in every built-in language, and that it catches a
//! page written differently on purpose (`MENTORLOG_TEST_FAULT=native`). Whatever Tera
//! would refuse (a key the site's translations lack, a translation asking for an argument
//! the template does not give) makes the shortcut give up, and the page is rendered by
//! Tera, which then reports the error as before.
//!
//! [`Html`] is what a template does with a value: `{{ x }}` escapes it as Tera does
//! (`super::escape_text`), `| url` puts the base path in front, `t(…)` says a key through
//! the same [`Words`] as the templates' `t`.

use super::context::{BacklogView, LinkView, PageInfo, PersonLink, SiteView, TagLink};
use super::i18n::Words;
use super::pages::{GoalGroup, GoalSummary, MentorshipView, ReflectionView};
use crate::history::Session;

/// An argument of `t` other than `n`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg<'a> {
    /// A text, escaped.
    Text(&'a str),
    /// A text marked safe (`x | safe`, or what `t` said), as it is.
    Safe(&'a str),
    /// A number.
    Num(usize),
}

/// Whether the templates written in Rust are used. Debug builds (the tests') read
/// `MENTORLOG_TEST_TEMPLATES=tera`, never, and `MENTORLOG_TEST_FAULT=native`, with a
/// fault on purpose (text written unescaped); release builds use them whenever every
/// template is the built-in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    Never,
    Always,
    Faulty,
}

impl Use {
    /// What the environment asks for (see [`Use`]).
    pub(super) fn get() -> Self {
        if !cfg!(debug_assertions) {
            return Self::Always;
        }
        let var = |name| std::env::var(name).unwrap_or_default();
        if var("MENTORLOG_TEST_TEMPLATES") == "tera" {
            Self::Never
        } else if var("MENTORLOG_TEST_FAULT")
            .split(',')
            .any(|f| f == "native")
        {
            Self::Faulty
        } else {
            Self::Always
        }
    }
}

/// A page being written as the built-in templates would (see the module's doc).
pub(crate) struct Html<'r> {
    out: String,
    words: &'r Words,
    /// The base path `| url` puts in front of a path (`""` or `/log`).
    base: &'r str,
    /// A key made of a prefix and a word (`"kind." ~ session.kind`).
    key: String,
    /// Whether everything so far is what Tera would write (else Tera renders the page).
    ok: bool,
    /// The fault tests put in on purpose: text written unescaped.
    faulty: bool,
}

impl<'r> Html<'r> {
    /// An empty page.
    pub(super) fn new(words: &'r Words, base: &'r str, capacity: usize, faulty: bool) -> Self {
        Self {
            out: String::with_capacity(capacity),
            words,
            base,
            key: String::new(),
            ok: true,
            faulty,
        }
    }

    /// The page, unless Tera has to render it.
    pub(super) fn finish(self) -> Option<String> {
        self.ok.then_some(self.out)
    }

    /// Template text, as it is.
    pub(super) fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `{{ s }}`.
    pub(super) fn text(&mut self, s: &str) {
        if self.faulty {
            self.out.push_str(s);
        } else {
            super::escape_text_into(&mut self.out, s);
        }
    }

    /// `{{ n }}`.
    pub(super) fn num(&mut self, n: usize) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    /// `{{ path | url }}`.
    pub(super) fn url(&mut self, path: &str) {
        super::escape_text_into(&mut self.out, self.base);
        super::escape_text_into(&mut self.out, path);
    }

    /// `{{ v }}` of a template value (a [`super::context::Shared`] view's field).
    pub(super) fn value(&mut self, v: &tera::Value) {
        match (v.as_str(), v.is_safe()) {
            (Some(s), true) => self.out.push_str(s),
            (Some(s), false) => self.text(s),
            (None, _) if v.is_none() || v.is_undefined() => {}
            (None, true) => self.out.push_str(&v.to_string()),
            (None, false) => self.text(&v.to_string()),
        }
    }

    /// `{{ v }}` of a view's field, which Tera would refuse to print when missing.
    pub(super) fn value_of(&mut self, v: Option<&tera::Value>) {
        match v {
            Some(v) => self.value(v),
            None => self.give_up(),
        }
    }

    /// `{{ v | url }}` of a view's field, which must be a path.
    pub(super) fn url_value(&mut self, v: Option<&tera::Value>) {
        match v.map(|v| (v.as_str(), v.is_safe())) {
            // The filter hands back the value itself at the site's root, marked as it was.
            Some((Some(s), true)) if self.base.is_empty() => self.out.push_str(s),
            Some((Some(s), _)) => self.url(s),
            _ => self.give_up(),
        }
    }

    /// Leaves the page to Tera: it would fail, or do something not written here.
    pub(super) fn give_up(&mut self) {
        self.ok = false;
    }

    /// `{{ t(key=key) }}`.
    pub(super) fn t(&mut self, key: &str) {
        self.t_with(key, None, &[]);
    }

    /// `{{ t(key=key, n=n) }}`.
    pub(super) fn t_n(&mut self, key: &str, n: usize) {
        self.t_with(key, i64::try_from(n).ok(), &[]);
    }

    /// `{{ t(key=key, n=n) }}` of a signed count.
    pub(super) fn t_count(&mut self, key: &str, n: i64) {
        self.t_with(key, Some(n), &[]);
    }

    /// `{{ t(key=prefix ~ word) }}`.
    pub(super) fn t_word(&mut self, prefix: &str, word: &str) {
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.push_str(prefix);
        key.push_str(word);
        self.t(&key);
        self.key = key;
    }

    /// `{{ t(key=key, n=n, name=value…) }}`.
    pub(super) fn t_with(&mut self, key: &str, n: Option<i64>, args: &[(&str, Arg<'_>)]) {
        let said = self.words.say(&mut self.out, key, n, |name, out| {
            let Some((_, arg)) = args.iter().find(|(k, _)| *k == name) else {
                return false;
            };
            match arg {
                Arg::Text(s) => {
                    let _ = pulldown_cmark_escape::escape_html(&mut *out, s);
                }
                Arg::Safe(s) => out.push_str(s),
                Arg::Num(n) => out.push_str(itoa::Buffer::new().format(*n)),
            }
            true
        });
        self.ok &= said;
    }

    /// What `t(key=prefix ~ word)` says, to be handed to another `t`.
    pub(super) fn said(&mut self, prefix: &str, word: &str) -> String {
        let mut key = String::with_capacity(prefix.len() + word.len());
        key.push_str(prefix);
        key.push_str(word);
        let mut out = String::new();
        self.ok &= self.words.say(&mut out, &key, None, |_, _| false);
        out
    }

    /// `<a href="{{ v.url | url }}">{{ v[label] }}</a>` of a view (a session reference,
    /// a goal link).
    pub(super) fn link(&mut self, v: &tera::Value, label: &'static str) {
        self.raw("<a href=\"");
        self.url_value(field(v, "url"));
        self.raw("\">");
        self.value_of(field(v, label));
        self.raw("</a>");
    }

    /// `{{ v | long_date }}` of a view's field.
    pub(super) fn long_date_of(&mut self, v: Option<&tera::Value>) {
        match v.and_then(tera::Value::as_str) {
            Some(date) => self.long_date(date),
            None => self.give_up(),
        }
    }

    /// `{{ t(key=prefix ~ v) }}` of a view's field.
    pub(super) fn t_word_of(&mut self, prefix: &str, v: Option<&tera::Value>) {
        match v.and_then(tera::Value::as_str) {
            Some(word) => self.t_word(prefix, word),
            None => self.give_up(),
        }
    }

    /// `{{ t(key=key, number=s.number) }}` of a session's value (a summary or reference).
    pub(super) fn numbered(&mut self, key: &str, s: Option<&tera::Value>) {
        match s
            .and_then(|s| field(s, "number"))
            .and_then(tera::Value::as_i128)
            .and_then(|n| usize::try_from(n).ok())
        {
            Some(n) => self.t_with(key, None, &[("number", Arg::Num(n))]),
            None => self.give_up(),
        }
    }

    /// `{{ t(key="count.sessions", n=sessions) }}, {{ t(key="count.days", n=days) }}`:
    /// how long a goal was open.
    pub(super) fn open_for(&mut self, sessions: usize, days: i64) {
        self.t_n("count.sessions", sessions);
        self.raw(", ");
        self.t_count("count.days", days);
    }

    /// A table's header cells, each saying one of `keys`.
    pub(super) fn th_row(&mut self, keys: &[&str]) {
        for key in keys {
            self.raw("<th scope=\"col\">");
            self.t(key);
            self.raw("</th>");
        }
    }

    /// `{{ date | long_date }}`: the filter's date in the site's language, or Tera's
    /// error when `date` is not a date.
    pub(super) fn long_date(&mut self, date: &str) {
        match date.parse::<crate::date::Date>() {
            Ok(d) => self.long_date_at(d),
            Err(_) => self.give_up(),
        }
    }

    /// `{{ date | long_date }}` of a date already read.
    pub(super) fn long_date_at(&mut self, date: crate::date::Date) {
        let long = self.words.translations().long_date(date);
        self.text(&long);
    }
}

/// Whether Tera takes `o` for true in `{% if o %}`: there, and not empty.
pub(super) fn given<S: AsRef<str>>(o: Option<S>) -> Option<S> {
    o.filter(|s| !s.as_ref().is_empty())
}

/// The field `name` of a map-valued template value (a [`super::context::Shared`] view).
pub(super) fn field<'v>(v: &'v tera::Value, name: &'static str) -> Option<&'v tera::Value> {
    v.as_map()?.get(&tera::value::Key::Str(name))
}

/// `base.html` around a page's `main` block, written by `main`.
pub(super) fn page(
    h: &mut Html<'_>,
    site: &SiteView,
    m: Option<&MentorshipView<'_>>,
    page: &PageInfo,
    nav_html: &tera::Value,
    main: impl FnOnce(&mut Html<'_>),
) {
    h.raw("<!DOCTYPE html>\n<html lang=\"");
    h.text(&site.language);
    h.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"");
    h.text(&site.generator);
    h.raw("\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
    if page.title != site.title {
        h.text(&page.title);
        h.raw(" · ");
    }
    h.text(&site.title);
    h.raw("</title>\n<link rel=\"stylesheet\" href=\"");
    h.url("/style.css");
    h.raw("\">\n<link rel=\"icon\" href=\"");
    h.url("/favicon.svg");
    h.raw("\" type=\"image/svg+xml\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
    h.t_with(
        "site.feed_title",
        None,
        &[("title", Arg::Text(&site.title))],
    );
    h.raw("\" href=\"");
    h.url("/feed.xml");
    h.raw("\">\n\n</head>\n<body class=\"page-");
    h.text(page.kind);
    h.raw("\">\n<a class=\"skip-link\" href=\"#main_content\">");
    h.t("site.skip");
    h.raw("</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    <p class=\"site-title\"><a href=\"");
    h.url("/");
    h.raw("\">");
    h.text(&site.title);
    h.raw("</a>");
    if let Some(m) = m.filter(|_| site.several) {
        h.raw(" <span class=\"site-crumb\"><a href=\"");
        h.url(m.url);
        h.raw("\">");
        h.text(&m.front.title);
        h.raw("</a></span>");
    }
    h.raw("</p>\n    \n    ");
    match nav_html.as_str() {
        Some(nav) => h.raw(nav),
        None => h.give_up(),
    }
    h.raw("\n  </div>\n</header>\n");
    if let Some(withheld) = given(page.withheld) {
        h.raw("\n<div class=\"withheld-banner\" role=\"note\"><strong>");
        h.t("site.withheld_title");
        h.raw("</strong> ");
        let visibility = h.said("visibility.", withheld);
        h.t_with(
            "site.withheld_text",
            None,
            &[
                ("visibility", Arg::Safe(&visibility)),
                ("command", Arg::Safe("<code>mentorlog build</code>")),
            ],
        );
        h.raw("</div>\n");
    }
    h.raw("\n<main id=\"main_content\" class=\"wrap\" tabindex=\"-1\">\n");
    main(h);
    h.raw("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <nav class=\"footer-nav\" aria-label=\"");
    h.t("site.footer_nav");
    h.raw("\">\n      <ul>\n        ");
    if let Some(m) = m {
        h.raw("<li><a href=\"");
        h.url(&m.urls.print);
        h.raw("\">");
        h.t("site.footer_print");
        h.raw("</a></li>");
    }
    h.raw("\n        <li><a href=\"");
    h.url("/feed.xml");
    h.raw("\">");
    h.t("site.footer_feed");
    h.raw("</a></li>\n        <li><a href=\"");
    h.url("/log.json");
    h.raw("\">");
    h.t("site.footer_data");
    h.raw("</a></li>");
    if site.team {
        h.raw("\n        <li><a href=\"");
        h.url("/team/");
        h.raw("\" rel=\"nofollow\">");
        h.t("site.footer_team");
        h.raw("</a></li>");
    }
    h.raw("\n      </ul>\n    </nav>\n    <p>");
    if site.audience != "public" {
        h.raw("<strong class=\"audience\">");
        let audience = h.said("audience.", site.audience);
        h.t_with(
            "site.footer_audience",
            None,
            &[("audience", Arg::Safe(&audience))],
        );
        h.raw("</strong> ");
    }
    h.t_with(
        "site.footer_made",
        None,
        &[("generator", Arg::Text(&site.generator))],
    );
    h.raw("</p>\n  </div>\n</footer>\n\n</body>\n</html>\n");
}

/// The people of a session or a goal's owners, linked, between commas (`owners.html`).
pub(super) fn owners(h: &mut Html<'_>, people: &[PersonLink]) {
    people_linked(h, people, false);
}

/// People, each linked to their page when they have one, separated by `, `; with their
/// roles (`<span class="role">(…)</span>`) when `roles` is set (a home page's mentors).
pub(super) fn people_linked(h: &mut Html<'_>, people: &[PersonLink], roles: bool) {
    for (k, p) in people.iter().enumerate() {
        if let Some(url) = given(p.url.as_deref()) {
            h.raw("<a href=\"");
            h.url(url);
            h.raw("\">");
            h.text(&p.name);
            h.raw("</a>");
        } else {
            h.text(&p.name);
        }
        if let Some(role) = given(p.role.as_deref()).filter(|_| roles) {
            h.raw(" <span class=\"role\">(");
            h.text(role);
            h.raw(")</span>");
        }
        if k + 1 < people.len() {
            h.raw(", ");
        }
    }
}

/// `<a href="{{ l.url | url }}">{{ l.title }}</a>` of each of `links`, separated by `sep`.
pub(super) fn link_list(h: &mut Html<'_>, links: &[LinkView], sep: &str) {
    for (k, l) in links.iter().enumerate() {
        h.raw("<a href=\"");
        h.url(&l.url);
        h.raw("\">");
        h.text(&l.title);
        h.raw("</a>");
        if k + 1 < links.len() {
            h.raw(sep);
        }
    }
}

/// An item of a list of reflections and decisions (a home page's, a print page's), its
/// session linked by `link`.
pub(super) fn reflection_item(
    h: &mut Html<'_>,
    r: &ReflectionView<'_>,
    link: impl FnOnce(&mut Html<'_>),
) {
    h.raw("\n    <li class=\"");
    match r.direction {
        Some(d) => {
            h.raw("decision decision-");
            h.text(d.as_str());
        }
        None => h.raw("reflection-only"),
    }
    h.raw("\">\n      <p>");
    link(h);
    h.raw(" <span class=\"meta\"><time datetime=\"");
    let date = field(&r.session, "date");
    h.value_of(date);
    h.raw("\">");
    h.long_date_of(date);
    h.raw("</time></span></p>\n      ");
    if let Some(d) = r.direction {
        h.raw("<p>");
        h.t("reflections.decision");
        h.raw(" ");
        direction(h, d);
        h.raw("</p>");
    }
    h.raw("\n      ");
    if let Some(text) = given(r.reflection) {
        h.raw("<p class=\"note\">");
        h.text(text);
        h.raw("</p>");
    }
    h.raw("\n    </li>\n    ");
}

/// Goals by status, each group a heading (its status and count) and a goal table (the
/// home page's open goals, the print page's goals).
pub(super) fn status_groups(h: &mut Html<'_>, groups: &[GoalGroup<'_>]) {
    for group in groups {
        h.raw("\n  <h3>");
        status(h, group.status.as_str());
        h.raw(" <span class=\"count\">");
        h.num(group.goals.len());
        h.raw("</span></h3>\n  ");
        goal_table(h, false, group.open, &group.goals);
        h.raw("\n  ");
    }
}

/// `<span class="direction direction-D">…</span>`: a decision on the mentorship.
pub(super) fn direction(h: &mut Html<'_>, d: crate::content::doc::Direction) {
    h.raw("<span class=\"direction direction-");
    h.text(d.as_str());
    h.raw("\">");
    h.t_word("direction.", d.as_str());
    h.raw("</span>");
}

/// `status.html`: a goal's status with its symbol.
pub(super) fn status(h: &mut Html<'_>, status: &str) {
    h.raw("<span class=\"status status-");
    h.text(status);
    h.raw("\"><span class=\"status-sym\" aria-hidden=\"true\">");
    h.raw(match status {
        "achieved" => "✓",
        "partial" => "◐",
        "missed" => "✗",
        "dropped" => "–",
        "superseded" => "↷",
        "blocked" => "■",
        "proposed" => "○",
        _ => "●",
    });
    h.raw("</span> ");
    h.t_word("status.", status);
    h.raw("</span>\n");
}

/// The header of a table of backlog changes (a session's, the backlog log's).
pub(super) const BACKLOG_HEAD: [&str; 5] = [
    "backlog.item",
    "backlog.change",
    "backlog.before",
    "backlog.after",
    "backlog.serves",
];

/// The cells of a backlog change's row that the session page and the goal page share:
/// from the item's `<td>` to the opening `<td>` of the row's last cell.
pub(super) fn backlog_cells(h: &mut Html<'_>, b: &BacklogView<'_>) {
    h.raw("<td>");
    let item = &b.entry.item;
    match given(b.issue_url.as_deref()) {
        Some(url) => {
            h.raw("<a href=\"");
            h.text(url);
            h.raw("\">");
            h.text(item);
            h.raw("</a>");
        }
        None => h.text(item),
    }
    h.raw(" <a class=\"history-link\" href=\"");
    h.url(&b.history_url);
    h.raw("\">");
    h.t("backlog.history");
    h.raw("<span class=\"visually-hidden\"> ");
    h.t_with("backlog.history_of", None, &[("item", Arg::Text(item))]);
    h.raw("</span></a>");
    item_end(h, b);
}

/// The end of a backlog row's item cell (the change's note, if any) and the cells that
/// say what changed ([`change_cells`]).
pub(super) fn item_end(h: &mut Html<'_>, b: &BacklogView<'_>) {
    if let Some(note) = given(b.entry.note.as_deref()) {
        h.raw("<br><span class=\"meta\">");
        h.text(note);
        h.raw("</span>");
    }
    h.raw("</td>\n      ");
    change_cells(h, b);
}

/// The cells of a backlog change's row that say what changed (every backlog table has
/// them): from the change's `<td>` to the opening `<td>` of the next cell.
fn change_cells(h: &mut Html<'_>, b: &BacklogView<'_>) {
    h.raw("<td><span class=\"change change-");
    let change = b.entry.change.as_str();
    h.text(change);
    h.raw("\">");
    h.t_word("change.", change);
    h.raw("</span></td>\n      <td>");
    for side in [&b.before_shown, &b.after_shown] {
        match given(side.as_deref()) {
            Some(shown) => h.text(shown),
            None => h.text("—"),
        }
        h.raw("</td>\n      <td>");
    }
}

/// ` <span class="health health-H">…</span>`.
pub(super) fn health_flag(h: &mut Html<'_>, health: &str) {
    h.raw(" <span class=\"health health-");
    h.text(health);
    h.raw("\">");
    h.t_word("health.", health);
    h.raw("</span>");
}

/// `goal_table.html` with `group.mixed` (goals open and closed), `group.open` and
/// `group.goals`.
pub(super) fn goal_table(h: &mut Html<'_>, mixed: bool, open: bool, goals: &[GoalSummary<'_>]) {
    h.raw("<div class=\"table-wrap\">\n<table class=\"goal-table\">\n  <thead><tr>");
    let (length, latest) = if mixed {
        ("goal.open_for", "goal.latest")
    } else if open {
        ("goal.open_for", "goal.last_update")
    } else {
        ("goal.was_open_for", "goal.closed_in")
    };
    h.th_row(&[
        "goal.goal",
        "goal.status",
        "goal.owner",
        "goal.due",
        length,
        latest,
    ]);
    h.raw("</tr></thead>\n  <tbody>\n  ");
    for g in goals {
        goal_row(h, g);
    }
    h.raw("\n  </tbody>\n</table>\n</div>\n");
}

/// A goal's status, its health while open and whether it is overdue (a goal page's
/// heading, a goal table's row).
pub(super) fn goal_state(h: &mut Html<'_>, g: &GoalSummary<'_>) {
    status(h, g.status.as_str());
    if let Some(health) = g.health
        && g.open
    {
        health_flag(h, health.as_str());
    }
    if g.overdue {
        h.raw(" <span class=\"flag overdue\">");
        h.t("goal.overdue");
        h.raw("</span>");
    }
}

/// `goal_row.html`: one goal of a goal table.
fn goal_row(h: &mut Html<'_>, g: &GoalSummary<'_>) {
    h.raw("<tr>\n  <td><a href=\"");
    h.url(g.url);
    h.raw("\">");
    h.text(g.text);
    h.raw("</a> <code class=\"id\">");
    h.text(g.id);
    h.raw("</code></td>\n  <td>");
    goal_state(h, g);
    h.raw("</td>\n  <td>");
    owner_due_open_for(h, g, "</td>\n  <td>");
    h.raw("</td>\n  <td>");
    if g.open {
        h.link(&g.last_update, "title");
    } else if let Some(closed) = g.closed.as_ref().filter(|c| c.is_truthy()) {
        h.link(closed, "title");
    }
    h.raw(" <span class=\"meta\"><time datetime=\"");
    let date = field(&g.last_update, "date");
    h.value_of(date);
    h.raw("\">");
    h.value_of(date);
    h.raw("</time></span></td>\n</tr>\n");
}

/// A goal's owners (or `—`), due date (or `—`) and how long it was open, its cells
/// separated by `cell` (a goal table's row, the agenda's).
pub(super) fn owner_due_open_for(h: &mut Html<'_>, g: &GoalSummary<'_>, cell: &str) {
    if g.owners.is_empty() {
        h.raw("—");
    } else {
        owners(h, &g.owners);
    }
    h.raw(cell);
    h.text(given(g.due.as_deref()).unwrap_or("—"));
    h.raw(cell);
    h.open_for(g.sessions_open, g.days_open);
}

/// An item of a session list (a person's or a tag's sessions): number, title, date, kind.
/// Written from the session itself: the template reads these fields of its summary, and
/// a list of thousands of sessions needs no template value for each.
pub(super) fn session_item(h: &mut Html<'_>, s: &Session) {
    h.raw("\n    <li><span class=\"session-no\" aria-hidden=\"true\">");
    h.num(s.number);
    h.raw("</span>");
    session_link(h, s);
    h.raw(" <span class=\"meta\"><time datetime=\"");
    h.text(&s.front.date.to_string());
    h.raw("\">");
    h.long_date_at(s.front.date);
    h.raw("</time> · ");
    h.t_word("kind.", s.front.kind.as_str());
    h.raw("</span></li>\n    ");
}

/// `<a href="{{ s.url | url }}">{{ s.title }}</a>` of a session's summary or reference,
/// written from the session itself.
pub(super) fn session_link(h: &mut Html<'_>, s: &Session) {
    h.raw("<a href=\"");
    h.url(&s.url);
    h.raw("\">");
    h.text(&s.title);
    h.raw("</a>");
}

/// A tag: a link to its page when it has one.
pub(super) fn tag_html(h: &mut Html<'_>, tag: &TagLink) {
    if let Some(url) = given(tag.url.as_deref()) {
        h.raw("<a class=\"tag\" href=\"");
        h.url(url);
        h.raw("\">");
        h.text(&tag.name);
        h.raw("</a>");
    } else {
        h.raw("<span class=\"tag\">");
        h.text(&tag.name);
        h.raw("</span>");
    }
}
