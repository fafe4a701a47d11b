//! The linked history through the library: timelines, supersession, recurring items.

use mentorlog::content::doc::GoalStatus;
use mentorlog::history::Touch;

use crate::site::Site;

fn three_sessions() -> Site {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-02-04-sprint-2.md",
        "---
date: 2026-02-04
sprint: 2
weaknesses:
  - id: slow-reviews
    text: Reviews are slow again
    impact: medium
  - text: Flaky   CI!
    impact: low
goals:
  - id: fast-reviews
    status: superseded
    superseded_by: review-rota
  - id: review-rota
    text: A daily review rota
    owner: Bo Member
    addresses: [slow-reviews]
  - id: small-prs
    status: achieved
---
",
    );
    site.write(
        "content/sessions/2026-02-18-sprint-3.md",
        "---
date: 2026-02-18
sprint: 3
weaknesses:
  - text: flaky CI
strengths: [Pairing]
goals:
  - id: review-rota
    status: achieved
---
",
    );
    site
}

#[test]
fn goal_timelines_follow_every_session() {
    let site = three_sessions();
    let checked = mentorlog::check(site.root());
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let m = &checked.log.mentorships[0];
    assert_eq!(
        m.sessions.iter().map(|s| s.number).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert_eq!(m.sessions[1].title, "Session 2");

    let fast = m.goal("fast-reviews").unwrap();
    assert_eq!(
        fast.events.iter().map(|e| e.touch).collect::<Vec<_>>(),
        vec![Touch::New, Touch::Updated, Touch::Closed]
    );
    assert_eq!(fast.status, GoalStatus::Superseded);
    assert_eq!((fast.introduced, fast.closed), (0, Some(2)));
    assert_eq!(fast.superseded_by.as_deref(), Some("review-rota"));
    assert_eq!(fast.sessions_open, 2);
    assert_eq!(fast.days_open, 28);
    // Due 2026-02-01, closed before it was judged: not overdue once closed.
    assert!(!fast.overdue);

    let rota = m.goal("review-rota").unwrap();
    assert_eq!(rota.supersedes, vec!["fast-reviews".to_owned()]);
    assert_eq!(rota.status, GoalStatus::Achieved);
    assert_eq!(rota.closed, Some(3));

    let small = m.goal("small-prs").unwrap();
    assert_eq!(small.owners(), ["Cy Member"]);
    assert_eq!(small.backlog.len(), 1);
}

#[test]
fn open_goals_past_due_are_overdue() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-02-04-sprint-2.md",
        "---\ndate: 2026-02-04\n---\n",
    );
    let checked = mentorlog::check(site.root());
    let m = &checked.log.mentorships[0];
    let fast = m.goal("fast-reviews").unwrap();
    assert!(
        fast.open && fast.overdue,
        "due 2026-02-01, still open on 2026-02-04"
    );
    assert_eq!(fast.sessions_open, 3);
}

#[test]
fn recurring_items_are_matched_by_id_then_by_text() {
    let site = three_sessions();
    let checked = mentorlog::check(site.root());
    let m = &checked.log.mentorships[0];
    let slow = m
        .weaknesses
        .iter()
        .find(|w| w.key == "slow-reviews")
        .unwrap();
    assert_eq!(slow.count, 3);
    assert!(slow.recurring);
    assert_eq!((slow.first, slow.last), (0, 2));
    assert_eq!(&*slow.text, "Reviews are slow again");
    assert_eq!(
        slow.addressed_by,
        vec!["fast-reviews".to_owned(), "review-rota".to_owned()]
    );
    // review-rota was achieved in session 4 (index 3); slow-reviews last seen in index 2.
    assert_eq!(slow.stopped_after_achieved, Some(true));
    let flaky = m.weaknesses.iter().find(|w| w.key == "flaky ci").unwrap();
    assert_eq!(
        flaky.count, 2,
        "`Flaky   CI!` and `flaky CI` are the same item"
    );
    assert_eq!(m.strengths.len(), 1);
}

#[test]
fn people_and_tags_are_collected() {
    let site = three_sessions();
    let checked = mentorlog::check(site.root());
    let m = &checked.log.mentorships[0];
    let bo = m.people.iter().find(|p| p.name == "Bo Member").unwrap();
    assert!(bo.member);
    assert_eq!(bo.sessions, vec![0, 1]);
    assert_eq!(
        bo.goals,
        vec!["fast-reviews".to_owned(), "review-rota".to_owned()]
    );
    let ada = m.people.iter().find(|p| p.name == "Ada Mentor").unwrap();
    assert!(ada.mentor);
    assert_eq!(
        ada.sessions.len(),
        4,
        "mentors attend every session unless the note says otherwise"
    );
}

/// Audit finding 10: every name gets a page whose path is a valid slug of its own: names
/// that slug to nothing (`.`, `..`, an emoji) get a stable fallback instead of vanishing,
/// two names with the same slug get two pages, and spellings that differ only in case or
/// spacing stay one person.
#[test]
fn issue_10_every_person_has_a_unique_page() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-28-odd-names.md",
        "---
date: 2026-01-28
attendees: [\".\", \"..\", \"C++ Team\", \"C Team\", \"🙂\", \"bo  member\", \"...\"]
goals:
  - id: dots
    text: A goal owned by a dot
    owner: \".\"
---
",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", crate::site::stderr(&o));
    let checked = mentorlog::check(site.root());
    let m = &checked.log.mentorships[0];
    let names: Vec<&str> = m.people.iter().map(|p| p.name.as_str()).collect();
    for name in [".", "..", "...", "C++ Team", "C Team", "🙂", "Bo Member"] {
        assert!(names.contains(&name), "{name} is missing from {names:?}");
    }
    assert!(
        !names.contains(&"bo  member"),
        "one person, two spellings: {names:?}"
    );
    let bo = m.people.iter().find(|p| p.name == "Bo Member").unwrap();
    assert_eq!(bo.slug, "bo-member");
    assert!(
        bo.sessions.contains(&2),
        "`bo  member` attended as Bo Member"
    );
    let mut slugs = std::collections::HashSet::new();
    let people_page = site.read("public/people/index.html");
    for p in &m.people {
        assert!(
            !p.slug.is_empty()
                && p.slug != "."
                && p.slug != ".."
                && p.slug.chars().all(|c| c.is_alphanumeric() || c == '-'),
            "{:?} has the slug {:?}",
            p.name,
            p.slug
        );
        assert!(slugs.insert(p.slug.clone()), "two people share {}", p.slug);
        let page = site.read(&format!("public/people/{}/index.html", p.slug));
        let shown = p.name.replace('+', "&#43;");
        assert!(
            page.contains(&p.name) || page.contains(&shown),
            "{}: {page}",
            p.name
        );
        assert!(
            people_page.contains(&format!("/people/{}/", p.slug)),
            "{} is not on the people page",
            p.name
        );
    }
    // `C++ Team` and `C Team` both slug to `c-team`: one keeps it, the other gets its own.
    let c = m.people.iter().find(|p| p.name == "C Team").unwrap();
    let cpp = m.people.iter().find(|p| p.name == "C++ Team").unwrap();
    assert!(c.slug == "c-team" || cpp.slug == "c-team");
    assert!(c.slug.starts_with("c-team") && cpp.slug.starts_with("c-team"));
    // The goal owned by `.` links to that person's page.
    let dot = m.people.iter().find(|p| p.name == ".").unwrap();
    assert_eq!(dot.goals, vec!["dots".to_owned()]);
    let goal = site.read("public/goals/dots/index.html");
    assert!(goal.contains(&format!("/people/{}/", dot.slug)), "{goal}");
}
