//! Warnings from the mentoring guidance: each with its place, message and hint
//! (snapshots), `--strict` making them errors.

use crate::site::{Site, stderr};

const THIRD: &str = "content/sessions/2026-02-04-sprint-2.md";

/// (snapshot name, file, contents, expected code, expected `path:line:column`)
fn cases() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    vec![
        (
            "too_few_goals",
            THIRD,
            "---\ndate: 2026-02-04\nquestions: [Why?]\ngoals:\n  - id: fast-reviews\n  - id: small-prs\n---\n",
            "too-few-goals",
            ":4:1",
        ),
        (
            "weakness_without_impact",
            THIRD,
            "---\ndate: 2026-02-04\nkind: review\nweaknesses:\n  - Meetings run long\n---\n",
            "weakness-without-impact",
            ":5:5",
        ),
        (
            "weaknesses_not_ranked",
            THIRD,
            "---\ndate: 2026-02-04\nkind: review\nweaknesses:\n  - text: Docs drift\n    impact: low\n  - text: Releases break\n    impact: high\n---\n",
            "weaknesses-not-ranked",
            ":7:11",
        ),
        (
            "goal_not_specific",
            THIRD,
            "---\ndate: 2026-02-04\nkind: review\ngoals:\n  - id: vague\n    text: Be better\n---\n",
            "goal-not-specific",
            ":5:9",
        ),
        (
            "goal_not_carried_forward",
            THIRD,
            "---\ndate: 2026-02-04\nkind: review\ngoals:\n  - id: fast-reviews\n    status: achieved\n  - id: small-prs\n---\n",
            "goal-not-carried-forward",
            ":4:1",
        ),
        (
            "goal_reopened",
            THIRD,
            "---\ndate: 2026-02-04\nkind: review\ngoals:\n  - id: fast-reviews\n    status: achieved\n  - id: small-prs\n  - id: pairing\n---\n",
            "goal-reopened",
            "",
        ),
        (
            "no_questions",
            THIRD,
            "---\ndate: 2026-02-04\ngoals:\n  - id: fast-reviews\n  - id: small-prs\n  - id: pairing\n---\n",
            "no-questions",
            ":2:1",
        ),
        (
            "backlog_without_goal",
            THIRD,
            "---\ndate: 2026-02-04\nkind: review\ngoals:\n  - id: fast-reviews\n  - id: small-prs\n  - id: pairing\nbacklog:\n  - item: Tidy the wiki\n    change: added\n---\n",
            "backlog-without-goal",
            ":8:1",
        ),
    ]
}

#[test]
fn the_valid_site_has_no_warnings() {
    let site = Site::valid();
    let o = site.run(&["check", "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning:"), "{}", stderr(&o));
}

#[test]
fn each_lint_warns_with_its_place_and_strict_fails() {
    for (name, file, contents, code, place) in cases() {
        let site = Site::valid();
        site.write(file, contents);
        if name == "goal_reopened" {
            // Close fast-reviews first, then reopen it in a later session.
            site.write(
                "content/sessions/2026-02-18-sprint-3.md",
                "---\ndate: 2026-02-18\nkind: review\ngoals:\n  - id: fast-reviews\n    status: active\n  - id: small-prs\n  - id: pairing\n---\n",
            );
        }
        let o = site.run(&["check"]);
        let text = stderr(&o);
        assert!(
            o.status.success(),
            "{name}: warnings must not fail check\n{text}"
        );
        let json = site.run(&["check", "--format", "json"]);
        let problems: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
        let found = problems.iter().find(|p| p["code"] == code);
        assert!(found.is_some(), "{name}: no `{code}` in\n{text}");
        assert_eq!(found.unwrap()["severity"], "warning");
        if !place.is_empty() {
            let expected = format!("{file}{place}");
            assert!(
                text.contains(&expected),
                "{name}: expected `{expected}` in\n{text}"
            );
        }
        insta::assert_snapshot!(name, text);
        let strict = site.run(&["check", "--strict"]);
        assert_eq!(strict.status.code(), Some(1), "{name}: --strict must fail");
    }
}

#[test]
fn untouched_goals_and_missing_reflections_are_reported() {
    let site = Site::valid();
    site.write(
        "content/mentorship.md",
        crate::site::MENTORSHIP.replace(
            "default_visibility: public",
            "default_visibility: public\nreview_every: 2",
        ),
    );
    for (i, day) in ["2026-02-04", "2026-02-18", "2026-03-04"]
        .iter()
        .enumerate()
    {
        site.write(
            &format!("content/sessions/{day}-later-{i}.md"),
            format!(
                "---\ndate: {day}\nkind: review\ngoals:\n  - id: small-prs\n  - id: pairing\n---\n"
            ),
        );
    }
    let o = site.run(&["check", "--format", "json"]);
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = problems.iter().filter_map(|p| p["code"].as_str()).collect();
    assert!(codes.contains(&"goal-untouched"), "{codes:?}");
    assert!(codes.contains(&"no-reflection"), "{codes:?}");
    assert!(codes.contains(&"goal-not-carried-forward"), "{codes:?}");
}

#[test]
fn an_ended_mentorship_without_sunset_is_reported() {
    let site = Site::valid();
    site.write(
        "content/mentorship.md",
        crate::site::MENTORSHIP.replace(
            "started: 2026-01-05",
            "started: 2026-01-05\nstatus: ended\nended: 2026-03-01",
        ),
    );
    let o = site.run(&["check"]);
    assert!(
        stderr(&o).contains("content/mentorship.md:9:9"),
        "{}",
        stderr(&o)
    );
    insta::assert_snapshot!("no_sunset", stderr(&o));
}

/// Issue 13: a build with many warnings shows a bounded number, counts the rest by code,
/// and still ends with its summary line; `check` lists every one.
#[test]
fn issue_13_build_shows_a_bounded_number_of_warnings() {
    let site = Site::valid();
    for day in 1..=28 {
        // A session with no goals and no questions: warnings of its own.
        site.write(
            &format!("content/sessions/2026-03-{day:02}-review.md"),
            format!("---\ndate: 2026-03-{day:02}\nreflection: Fine.\n---\n"),
        );
    }
    let check = site.run(&["check"]);
    let all = stderr(&check);
    let total = all.matches("\nwarning: ").count() + usize::from(all.starts_with("warning: "));
    assert!(total >= 28, "{all}");
    let build = site.run(&["build"]);
    assert!(build.status.success());
    let shown = stderr(&build);
    let blocks = shown.matches("\nwarning: ").count() + usize::from(shown.starts_with("warning: "));
    assert_eq!(blocks, 20, "{shown}");
    let rest = total - 20;
    assert!(
        shown.contains(&format!("… and {rest} more warnings ("))
            && shown.contains("mentorlog check"),
        "{shown}"
    );
    assert!(crate::site::stdout(&build).starts_with("Built "));
    // --verbose shows them all.
    let verbose = stderr(&site.run(&["--verbose", "build"]));
    assert_eq!(
        verbose.matches("warning: ").count(),
        all.matches("warning: ").count()
    );
}
