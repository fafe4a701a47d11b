//! Audiences: a withheld session leaves no trace anywhere in the output.
//!
//! The fixture plants sentinels in a confidential session (title, body, weaknesses,
//! strengths, questions, reflection, extra, backlog, tags, an attendee who appears nowhere
//! else, a goal introduced there and updated in a public session) and in a team session.

use crate::site::{stderr, stdout};

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sentinels");
    crate::site::copy_dir(&src, dir.path());
    dir
}

fn build(audience: &str) -> (tempfile::TempDir, String) {
    let dir = fixture();
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--audience", audience])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stdout(&o);
    (dir, summary)
}

/// Every file of the output, concatenated with its path, lowercased.
fn everything(dir: &std::path::Path) -> String {
    let mut all = String::new();
    let mut stack = vec![dir.join("public")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            all.push_str(&p.to_string_lossy().to_lowercase());
            all.push('\n');
            if p.is_dir() {
                stack.push(p);
            } else {
                all.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()).to_lowercase());
            }
        }
    }
    all
}

#[test]
fn the_public_build_has_no_trace_of_withheld_sessions() {
    let (dir, summary) = build("public");
    assert!(
        summary.contains("2 sessions withheld (1 team, 1 confidential)"),
        "{summary}"
    );
    // The files made between sessions are among those searched (issue 18).
    for made in ["public/next/index.html", "public/calendar.ics"] {
        assert!(dir.path().join(made).is_file(), "{made}");
    }
    let all = everything(dir.path());
    let root = dir.path().to_string_lossy().to_lowercase();
    let all = all.replace(&root, "");
    assert!(
        !all.contains("sentinel"),
        "a sentinel leaked: {}",
        context(&all, "sentinel")
    );
    assert!(
        !all.contains("2026-01-14")
            && !all.contains("2026-01-21")
            && !all.contains("20260114")
            && !all.contains("20260121"),
        "a withheld date leaked"
    );
    assert!(!all.contains("4242"), "a team-only backlog item leaked");
    assert!(all.contains("public follow-up body"));
    // The public-goal update in the confidential session is gone: achieved came next, and
    // its timeline has two entries only.
    let goal =
        std::fs::read_to_string(dir.path().join("public/goals/public-goal/index.html")).unwrap();
    assert_eq!(goal.matches("class=\"touch-").count(), 2, "{goal}");
    // The second public session is session 2 for this audience.
    let page = std::fs::read_to_string(
        dir.path()
            .join("public/sessions/2026-01-28-public-again/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("Session 2 ·"),
        "withheld sessions must not count"
    );
}

#[test]
fn the_team_build_has_team_but_no_confidential_traces() {
    let (dir, summary) = build("team");
    assert!(
        summary.contains("1 session withheld (0 team, 1 confidential)"),
        "{summary}"
    );
    let root = dir.path().to_string_lossy().to_lowercase();
    let all = everything(dir.path()).replace(&root, "");
    assert!(all.contains("sentinel-team-title"));
    assert!(all.contains("sentinel-team-goal-updated-in-public"));
    assert!(
        !all.contains("sentinel-conf"),
        "{}",
        context(&all, "sentinel-conf")
    );
    assert!(
        !all.contains("sentinel-person"),
        "{}",
        context(&all, "sentinel-person")
    );
}

#[test]
fn the_all_build_has_everything_and_warns() {
    let dir = fixture();
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--audience", "all"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(stderr(&o).contains("do not publish"));
    let all = everything(dir.path());
    for s in [
        "sentinel-conf-title",
        "sentinel-conf-body",
        "sentinel-person",
        "sentinel-conf-goal-updated-in-public",
    ] {
        assert!(all.contains(s), "{s}");
    }
}

/// The search index is split in many files (issue 17): none of them holds a withheld
/// session's words, neither in a document's text nor as a term. Terms are whole words,
/// so a grep for a sentinel finds them, as the team and `all` builds show.
#[test]
fn no_search_shard_holds_a_withheld_word() {
    let index = |audience: &str| {
        let (dir, _) = build(audience);
        let index = crate::search::Index::read(&dir.path().join("public"));
        let files = index.files();
        (index, files)
    };
    let (public, files) = index("public");
    assert!(files.iter().any(|(p, _)| p.starts_with("terms/")));
    assert!(files.iter().any(|(p, _)| p.starts_with("docs/")));
    for (path, text) in &files {
        let text = text.to_lowercase();
        assert!(
            !text.contains("sentinel"),
            "search/{path}: {}",
            context(&text, "sentinel")
        );
    }
    for word in ["sentinel", "conf"] {
        assert!(
            public.finds(word).is_empty(),
            "`{word}` is a term of the public index"
        );
    }
    assert!(!public.finds("public").is_empty());
    let (team, files) = index("team");
    assert!(!team.finds("sentinel").is_empty());
    assert!(
        team.finds("conf").is_empty(),
        "a confidential word in the team index"
    );
    assert!(
        files
            .iter()
            .any(|(p, t)| p.starts_with("terms/") && t.contains("\"sentinel\":"))
    );
    assert!(
        files
            .iter()
            .any(|(p, t)| p.starts_with("docs/") && t.contains("SENTINEL-TEAM-TITLE"))
    );
    let (all, _) = index("all");
    assert!(!all.finds("conf").is_empty());
}

fn context(all: &str, needle: &str) -> String {
    let i = all.find(needle).unwrap_or(0);
    let start = all.floor_char_boundary(i.saturating_sub(200));
    let end = all.ceil_char_boundary((i + 100).min(all.len()));
    all[start..end].to_owned()
}

#[test]
fn a_public_note_does_not_reveal_the_date_of_a_withheld_next_session() {
    let dir = fixture();
    let public = dir.path().join("content/sessions/2026-01-07-open.md");
    let text = std::fs::read_to_string(&public)
        .unwrap()
        .replace("tags: [public-tag]", "tags: [public-tag]\nnext: 2026-01-14");
    std::fs::write(&public, text).unwrap();
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .args(["export", "--audience", "public"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stdout(&o).contains("2026-01-14"),
        "the confidential session's date leaked through `next`"
    );
}

/// `build --audience all` renders the history `check` linked instead of linking the notes
/// again: the two must be the same model, bodies and note URLs included.
#[test]
fn the_all_audience_history_is_the_checked_history() {
    let sentinels = fixture();
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for root in [sentinels.path(), repo.as_path()] {
        let checked = mentorlog::check(root);
        assert!(!checked.has_errors(), "{}", root.display());
        let relinked = mentorlog::log_for(&checked, mentorlog::audience::Audience::All);
        let json = |log: &mentorlog::history::Log| serde_json::to_value(log).unwrap();
        assert_eq!(json(&relinked), json(&checked.log), "{}", root.display());
        let bodies = |log: &mentorlog::history::Log| {
            log.mentorships
                .iter()
                .flat_map(|m| {
                    std::iter::once(m.body.clone()).chain(m.sessions.iter().map(|s| s.body.clone()))
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(bodies(&relinked), bodies(&checked.log));
        let urls = |log: &mentorlog::history::Log| {
            let mut v: Vec<_> = log
                .note_urls
                .iter()
                .map(|(p, u)| (p.clone(), u.clone()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(urls(&relinked), urls(&checked.log));
    }
}

/// Audit finding 1: a withheld mentorship withholds its sessions, and the summary counts
/// them at the stricter of their level and the mentorship's, even when the sessions say
/// nothing (they take `default_visibility`, which may be `public`).
#[test]
fn issue_1_the_summary_counts_the_sessions_of_a_withheld_mentorship() {
    use crate::site::{MENTORSHIP, Site};
    let cases = [
        // A team mentorship whose sessions default to public.
        (
            "default_visibility: public\nvisibility: team",
            "public",
            "2 sessions withheld (2 team, 0 confidential); 1 mentorship withheld whole",
        ),
        // Nothing said: confidential by default, the mentorship and its sessions.
        (
            "tags: [otters]",
            "public",
            "2 sessions withheld (0 team, 2 confidential); 1 mentorship withheld whole",
        ),
        // A confidential mentorship holding a public session and a team one.
        (
            "default_visibility: team\nvisibility: confidential",
            "team",
            "2 sessions withheld (0 team, 2 confidential); 1 mentorship withheld whole",
        ),
        // Visible: nothing withheld.
        (
            "default_visibility: team\nvisibility: team",
            "team",
            "no sessions withheld\n",
        ),
    ];
    for (visibility, audience, expected) in cases {
        let site = Site::valid();
        site.write(
            "content/mentorship.md",
            MENTORSHIP.replace("default_visibility: public", visibility),
        );
        if audience == "team" && visibility.contains("confidential") {
            let kickoff = site.read("content/sessions/2026-01-07-kickoff.md");
            site.write(
                "content/sessions/2026-01-07-kickoff.md",
                kickoff.replace("kind: kickoff", "kind: kickoff\nvisibility: public"),
            );
        }
        let o = site.run(&["build", "--audience", audience]);
        assert!(o.status.success(), "{}", stderr(&o));
        let summary = stdout(&o);
        assert!(
            summary.contains(expected),
            "{visibility} ({audience}): expected `{expected}` in {summary}"
        );
    }
}

/// Audit finding 2: a public update superseding a goal by one a team session introduced
/// must not publish "superseded" with no successor (it betrays the team goal, and `check`
/// would call that state an error): the status change is dropped, the rest stays.
#[test]
fn issue_2_superseded_by_a_withheld_goal() {
    use crate::site::{SECOND, Site};
    use mentorlog::audience::Audience;
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-14-team.md",
        "---
date: 2026-01-14
visibility: team
goals:
  - id: sentinel-successor
    text: SENTINEL-SUCCESSOR-TEXT
    owner: Bo Member
---
",
    );
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        SECOND.replace(
            "  - id: fast-reviews\n    status: active\n    health: at-risk\n",
            "  - id: fast-reviews\n    status: superseded\n    superseded_by: sentinel-successor\n    note: Kept note of the update\n",
        ),
    );
    let o = site.run(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The restricted notes link without an error, and the goal kept its status.
    let checked = mentorlog::check(site.root());
    let (visible, _) = mentorlog::audience::restrict(&checked.docs, Audience::Public);
    let (log, diagnostics) = mentorlog::history::link(&visible);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let goal = log.mentorships[0].goal("fast-reviews").unwrap();
    assert_eq!(goal.status.as_str(), "active");
    assert!(goal.superseded_by.is_none());
    assert_eq!(
        goal.events.last().unwrap().note.as_deref(),
        Some("Kept note of the update")
    );

    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let all = everything(site.root()).replace(&site.root().to_string_lossy().to_lowercase(), "");
    assert!(!all.contains("sentinel"), "{}", context(&all, "sentinel"));
    let page = site.read("public/goals/fast-reviews/index.html");
    assert!(!page.to_lowercase().contains("superseded"), "{page}");
    assert!(page.contains("Kept note of the update"));
    let json: serde_json::Value = serde_json::from_str(&site.read("public/log.json")).unwrap();
    let goal = json["mentorships"][0]["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "fast-reviews")
        .unwrap();
    assert_eq!(goal["status"], "active");

    // The team sees the supersession.
    let team = site.path("team-site");
    let o = site.run(&[
        "build",
        "--audience",
        "team",
        "--output",
        team.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("team-site/goals/fast-reviews/index.html");
    assert!(page.to_lowercase().contains("superseded"));
    assert!(page.contains("sentinel-successor"));
}
