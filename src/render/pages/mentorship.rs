//! `m`: the mentorship as every page of it shows it (front matter, counts, section URLs,
//! navigation, people linked).

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::doc::{GoalStatus, Visibility};
use crate::history::Mentorship;

use super::super::context::{NavItem, PersonLink, SectionUrls, web_url};
use super::super::lookup::Lookup;

/// How many goals have one status.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StatusCount {
    /// The status.
    pub status: GoalStatus,
    /// Whether it is open.
    pub open: bool,
    /// How many goals have it now.
    pub count: usize,
}

/// Counts, on every page of a mentorship.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Counts {
    /// Sessions.
    pub sessions: usize,
    /// Goals.
    pub goals: usize,
    /// Goals still open.
    pub open_goals: usize,
    /// Goals achieved.
    pub achieved: usize,
    /// Goals closed otherwise.
    pub closed_other: usize,
    /// Open goals past due.
    pub overdue: usize,
    /// Weaknesses seen in two or more sessions.
    pub recurring_weaknesses: usize,
    /// Strengths seen in two or more sessions.
    pub recurring_strengths: usize,
    /// Backlog changes.
    pub backlog_changes: usize,
    /// Backlog items changed.
    pub backlog_items: usize,
    /// People named.
    pub people: usize,
    /// Tags on sessions.
    pub tags: usize,
    /// Goals per status, every status in order (open ones first), zeros included.
    pub by_status: Vec<StatusCount>,
}

/// The mentorship, on every page of it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MentorshipView<'a> {
    /// Everything in `mentorship.md`'s front matter (`title`, `mentee`, `mentors`,
    /// `members`, `aims`, `started`, `ends`, `ended`, `status`, `cadence`, `formality`,
    /// `roles`, `repo`, `tags`, `extra` …).
    #[serde(flatten)]
    pub front: &'a crate::content::doc::MentorshipFront,
    /// Its home page.
    pub url: &'a str,
    /// Its prefix (empty when the site has one mentorship).
    pub slug: &'a str,
    /// The visibility of its page.
    pub visibility: Visibility,
    /// Counts.
    pub counts: Counts,
    /// The date the history is seen from (the latest session's), `YYYY-MM-DD`.
    pub as_of: Option<String>,
    /// The same, written out.
    pub as_of_long: Option<String>,
    /// `started` written out.
    pub started_long: String,
    /// `ended` written out.
    pub ended_long: Option<String>,
    /// `ends` written out.
    pub ends_long: Option<String>,
    /// The section URLs: `home`, `sessions`, `goals`, `recurring`, `backlog`, `people`,
    /// `tags`, `print`.
    pub urls: SectionUrls,
    /// The navigation.
    pub nav: Vec<NavItem>,
    /// The mentors, linked to their pages.
    pub mentor_links: Vec<PersonLink>,
    /// The team's members, linked to their pages.
    pub member_links: Vec<PersonLink>,
    /// The repository, when it is a web address.
    pub repo_url: Option<String>,
}

/// `m`, on every page of a mentorship.
pub(in crate::render) fn mentorship_view<'a>(
    l: &Lookup<'a>,
    config: &SiteConfig,
) -> MentorshipView<'a> {
    let m = l.m;
    let urls = l.urls.clone();
    let nav = nav(&urls, config);
    let person = |name: &str, role: Option<&String>| PersonLink {
        name: name.to_owned(),
        url: l.person_url(name).map(str::to_owned),
        role: role.cloned(),
    };
    MentorshipView {
        front: &m.front,
        url: &m.url,
        slug: &m.slug,
        visibility: m.own_visibility,
        counts: counts(m),
        as_of: m.as_of.map(|d| d.to_string()),
        as_of_long: m.as_of.map(crate::date::Date::long),
        started_long: m.front.started.long(),
        ended_long: m.front.ended.map(crate::date::Date::long),
        ends_long: m.front.ends.map(crate::date::Date::long),
        urls,
        nav,
        mentor_links: m
            .front
            .mentors
            .iter()
            .map(|x| person(&x.name, x.role.as_ref()))
            .collect(),
        member_links: m.front.members.iter().map(|x| person(x, None)).collect(),
        repo_url: m.front.repo.as_deref().and_then(web_url),
    }
}

/// `m.counts`: what mentorship `m` holds, and its goals by status.
pub(in crate::render) fn counts(m: &Mentorship) -> Counts {
    let open = m.goals.iter().filter(|g| g.open).count();
    let mut by_status: Vec<StatusCount> = GoalStatus::ALL
        .iter()
        .map(|&status| StatusCount {
            status,
            open: status.is_open(),
            count: 0,
        })
        .collect();
    for g in &m.goals {
        if let Some(c) = by_status.iter_mut().find(|c| c.status == g.status) {
            c.count += 1;
        }
    }
    let achieved = by_status
        .iter()
        .find(|c| c.status == GoalStatus::Achieved)
        .map_or(0, |c| c.count);
    Counts {
        sessions: m.sessions.len(),
        goals: m.goals.len(),
        open_goals: open,
        achieved,
        closed_other: m.goals.len() - open - achieved,
        overdue: m.goals.iter().filter(|g| g.overdue).count(),
        recurring_weaknesses: m.weaknesses.iter().filter(|w| w.recurring).count(),
        recurring_strengths: m.strengths.iter().filter(|w| w.recurring).count(),
        backlog_changes: m.backlog.len(),
        backlog_items: m.backlog_items.len(),
        people: m.people.len(),
        tags: m.tags.len(),
        by_status,
    }
}

/// A mentorship's navigation: its sections, and search when the site has it.
fn nav(urls: &SectionUrls, config: &SiteConfig) -> Vec<NavItem> {
    let mut nav = vec![
        NavItem {
            key: "home",
            title: "Overview",
            url: urls.home.clone(),
        },
        NavItem {
            key: "next",
            title: "Next session",
            url: urls.next.clone(),
        },
        NavItem {
            key: "sessions",
            title: "Sessions",
            url: urls.sessions.clone(),
        },
        NavItem {
            key: "goals",
            title: "Goals",
            url: urls.goals.clone(),
        },
        NavItem {
            key: "recurring",
            title: "Recurring",
            url: urls.recurring.clone(),
        },
        NavItem {
            key: "backlog",
            title: "Backlog",
            url: urls.backlog.clone(),
        },
        NavItem {
            key: "people",
            title: "People",
            url: urls.people.clone(),
        },
    ];
    nav.push(NavItem {
        key: "tags",
        title: "Tags",
        url: urls.tags.clone(),
    });
    if config.search.enabled {
        nav.push(NavItem {
            key: "search",
            title: "Search",
            url: "/search/".to_owned(),
        });
    }
    nav
}
