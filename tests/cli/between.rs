//! Between sessions (issue 18): the next session's agenda (`/next/`), the calendar
//! (`calendar.ics`) and follow-through over time, each made from the log restricted to the
//! build's audience, and `mentorlog new` agreeing with the agenda on what is open.

use std::path::Path;

use crate::site::{Site, stderr, stdout};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example log of the repository cut after its first `n` sessions (by file name,
/// which is by date): a copy with the later notes deleted.
fn example_cut(n: usize) -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    site.write(
        "content/mentorship.md",
        std::fs::read(repo().join("content/mentorship.md")).unwrap(),
    );
    for name in example_sessions().into_iter().take(n) {
        site.write(
            &format!("content/sessions/{name}"),
            std::fs::read(repo().join("content/sessions").join(&name)).unwrap(),
        );
    }
    site
}

fn example_sessions() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("content/sessions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

/// The part of `html` from the element with id `id` to the end of its section.
pub(crate) fn section<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id `{id}`"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The goal ids an agenda page lists among its open goals, in order.
fn agenda_goal_ids(html: &str) -> Vec<String> {
    section(html, "agenda_goals_h")
        .split("<code class=\"id\">")
        .skip(1)
        .map(|s| s[..s.find("</code>").unwrap()].to_owned())
        .collect()
}

/// The goal ids a note written by `mentorlog new` carries forward, in order.
fn carried_ids(note: &str) -> Vec<String> {
    note.lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .map(|rest| rest.split_whitespace().next().unwrap().to_owned())
        .collect()
}

/// Builds `site` for `audience` and runs `new`; returns the agenda page and the new note.
fn agenda_and_new(site: &Site, audience: &str) -> (String, String) {
    let o = site.run(&["build", "--audience", audience]);
    assert!(o.status.success(), "{}", stderr(&o));
    let agenda = site.read("public/next/index.html");
    let o = site.run(&["new", "--date", "2026-06-18", "--title", "Next"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = stdout(&o).trim().to_owned();
    let note = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(path).unwrap();
    (agenda, note)
}

#[test]
fn the_agenda_lists_exactly_the_goals_new_carries_forward_after_each_session() {
    let sessions = example_sessions().len();
    assert!(sessions >= 5, "the example log has {sessions} sessions");
    let mut seen_open = 0;
    for n in 1..=sessions {
        let site = example_cut(n);
        let (agenda, note) = agenda_and_new(&site, "all");
        let listed = agenda_goal_ids(&agenda);
        let carried = carried_ids(&note);
        assert_eq!(listed, carried, "after session {n}");
        seen_open += listed.len();
        // Overdue goals come first.
        let overdue: Vec<bool> = section(&agenda, "agenda_goals_h")
            .split("<tr>")
            .skip(2)
            .map(|row| row.contains("flag overdue"))
            .collect();
        assert!(
            overdue.windows(2).all(|w| w[0] >= w[1]),
            "after session {n}: {overdue:?}"
        );
    }
    assert!(
        seen_open > 10,
        "the cuts hardly have open goals: {seen_open}"
    );
}

#[test]
fn the_agenda_shows_questions_weaknesses_backlog_and_the_next_meeting() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-02-04-sprint-2.md",
        "---\ndate: 2026-02-04\nsprint: 2\nweaknesses:\n  - id: no-tests\n    text: Nobody writes tests\n    impact: high\n  - id: slow-reviews\n    text: Reviews are slow\n    impact: high\nquestions:\n  - text: How do other teams keep reviews fast?\n    answer: Review buddies\n  - Should we write tests first?\n  - text: Who owns the CI?\n    answered: true\ngoals:\n  - id: fast-reviews\n    status: active\n  - id: small-prs\n    status: active\n  - id: pairing\n    status: active\nnext: 2026-02-18\n---\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/next/index.html");
    assert!(
        page.contains("<time datetime=\"2026-02-18\">18 February 2026</time>"),
        "{page}"
    );
    // Answered in this session (an answer, or `answered: true`): no longer open; the
    // question asked again and answered is closed too.
    let questions = section(&page, "agenda_questions_h");
    assert!(questions.contains("Should we write tests first?"));
    assert!(!questions.contains("Who owns the CI?"));
    assert!(!questions.contains("How do other teams keep reviews fast?"));
    // High impact, and no open goal addresses it (fast-reviews addresses slow-reviews).
    let weaknesses = section(&page, "agenda_weaknesses_h");
    assert!(weaknesses.contains("Nobody writes tests"), "{weaknesses}");
    assert!(!weaknesses.contains("Reviews are slow"), "{weaknesses}");
    // `#12` serves small-prs, still open.
    let backlog = section(&page, "agenda_backlog_h");
    assert!(
        backlog.contains("https://example.org/otters/app/issues/12"),
        "{backlog}"
    );
    // Linked from the home page and the navigation.
    let home = site.read("public/index.html");
    assert!(home.contains("<a href=\"/next/\">The next session's agenda</a>"));
    assert!(home.contains("<li><a href=\"/next/\">Next session</a></li>"));
    assert!(page.contains("href=\"/next/\" aria-current=\"page\""));
    // The session page shows the answers.
    let session = site.read("public/sessions/2026-02-04-sprint-2/index.html");
    assert!(session.contains("<strong>Answer:</strong> Review buddies"));
    assert!(session.contains("<span class=\"flag answered\">answered</span>"));
    // Asked again later without an answer: open again.
    site.write(
        "content/sessions/2026-02-18-sprint-3.md",
        "---\ndate: 2026-02-18\nsprint: 3\nquestions: [Who owns the CI?]\ngoals:\n  - id: fast-reviews\n    status: achieved\n  - id: small-prs\n    status: active\n  - id: pairing\n    status: active\n---\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/next/index.html");
    let questions = section(&page, "agenda_questions_h");
    assert!(questions.contains("Who owns the CI?"), "{questions}");
    assert!(questions.contains("asked 2 times"), "{questions}");
}

#[test]
fn the_agenda_prompts_a_reflection_and_says_when_goals_keep_slipping() {
    let site = Site::valid();
    site.write(
        "content/mentorship.md",
        crate::site::MENTORSHIP.replace("repo:", "review_every: 3\nrepo:"),
    );
    // Three sessions without a reflection, goals untouched: pairing is overdue (due
    // 2026-03-01), fast-reviews overdue (due 2026-02-01), small-prs untouched.
    for (date, sprint) in [("2026-03-04", 2), ("2026-03-18", 3), ("2026-04-01", 4)] {
        site.write(
            &format!("content/sessions/{date}-s.md"),
            format!("---\ndate: {date}\nsprint: {sprint}\n---\n"),
        );
    }
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/next/index.html");
    let slipping = section(&page, "slipping_h");
    assert!(
        slipping.contains("3 of 3 open goals are overdue or untouched"),
        "{slipping}"
    );
    let reflect = section(&page, "reflect_h");
    assert!(
        reflect.contains("you agreed to reflect every 3 sessions"),
        "{reflect}"
    );
    assert!(page.contains("<span class=\"flag stale\">untouched for 3 sessions</span>"));
    // `new` prompts the same reflection.
    let o = site.run(&["new", "--date", "2026-04-15"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let note = std::fs::read_to_string(stdout(&o).trim()).unwrap();
    assert!(
        note.contains("# reflection: How is the mentorship going?"),
        "{note}"
    );
    // A reflection clears the prompt; an update of every goal clears the slipping.
    site.write(
        "content/sessions/2026-04-15-next.md",
        "---\ndate: 2026-04-15\nsprint: 5\nreflection: Fine.\ngoals:\n  - id: fast-reviews\n    status: active\n    due: 2026-06-01\n  - id: small-prs\n    status: active\n  - id: pairing\n    status: active\n    due: 2026-06-01\n---\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/next/index.html");
    assert!(!page.contains("id=\"reflect_h\""));
    assert!(!page.contains("id=\"slipping_h\""));
}
