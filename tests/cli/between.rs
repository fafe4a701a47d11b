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
    assert!(home.contains("<a href=\"/next/\">The next session&#39;s agenda</a>"));
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

// ---------------------------------------------------------------------------------------
// The calendar

/// Checks the frame of an iCalendar text: CRLF line ends only, lines of at most 75 octets,
/// continuation lines starting with a space. Returns the unfolded content lines.
fn ics_lines(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"), "the last line ends with CRLF");
    assert!(
        !ics.replace("\r\n", "").contains(['\n', '\r']),
        "a bare LF or CR"
    );
    let physical: Vec<&str> = ics.split("\r\n").filter(|l| !l.is_empty()).collect();
    for line in &physical {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let mut lines: Vec<String> = Vec::new();
    for line in physical {
        match line.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a first line").push_str(rest),
            None => lines.push(line.to_owned()),
        }
    }
    lines
}

/// The calendar read by an independent parser, Python's `icalendar`: its name and events
/// (`uid`, `summary`, `start`, `end`, `description`, `url`, `categories`) as JSON. `None`
/// (skipped, with a message) when python3 or the package is missing outside CI; CI
/// installs it (`.ci/run`).
fn parsed_by_icalendar(path: &Path) -> Option<serde_json::Value> {
    const SCRIPT: &str = r#"
import json, sys
try:
    import icalendar
except ImportError:
    sys.exit(3)
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
errors = [str(e) for c in cal.walk() for e in getattr(c, "errors", [])]
events = []
for e in cal.walk("VEVENT"):
    cats = e.get("CATEGORIES")
    events.append({
        "uid": str(e["UID"]),
        "summary": str(e["SUMMARY"]),
        "start": e["DTSTART"].dt.isoformat(),
        "end": e["DTEND"].dt.isoformat(),
        "stamp": e["DTSTAMP"].dt.isoformat(),
        "description": str(e.get("DESCRIPTION", "")),
        "url": str(e.get("URL", "")),
        "categories": [str(c) for c in cats.cats] if cats is not None else [],
    })
print(json.dumps({"name": str(cal.get("X-WR-CALNAME")), "version": str(cal.get("VERSION")), "errors": errors, "events": events}))
"#;
    let o = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(path)
        .output();
    let missing = match &o {
        Err(_) => Some("python3"),
        Ok(o) if o.status.code() == Some(3) => Some("the Python package icalendar"),
        Ok(_) => None,
    };
    if let Some(missing) = missing {
        assert!(
            std::env::var_os("CI").is_none(),
            "the calendar test needs {missing} (CI installs it: see .ci/run)"
        );
        eprintln!(
            "skipping the icalendar parse: {missing} is missing (`python3 -m pip install icalendar`)"
        );
        return None;
    }
    let o = o.unwrap();
    assert!(o.status.success(), "icalendar failed: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errors"], serde_json::json!([]), "icalendar found errors");
    Some(v)
}

fn uids(ics: &str) -> Vec<String> {
    ics_lines(ics)
        .into_iter()
        .filter_map(|l| l.strip_prefix("UID:").map(str::to_owned))
        .collect()
}

/// The valid site with meetings announced and a goal whose text needs escaping.
fn site_with_meetings() -> Site {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-07-kickoff.md",
        crate::site::KICKOFF.replace("kind: kickoff\n", "kind: kickoff\nnext: 2026-01-21\n"),
    );
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        crate::site::SECOND
            .replace("sprint: 1\n", "sprint: 1\nnext: 2026-02-04\n")
            .replace(
                "text: Pair on the parser every Friday",
                "text: \"Pair on the parser, every Friday; notes in C:\\\\pairing and a very long tail of words that folds\"",
            ),
    );
    site
}

#[test]
fn the_calendar_is_icalendar_with_stable_uids() {
    let site = site_with_meetings();
    let build = |site: &Site| {
        let o = site.run(&["build", "--base-url", "https://example.org/log/"]);
        assert!(o.status.success(), "{}", stderr(&o));
        site.read("public/calendar.ics")
    };
    let ics = build(&site);
    let lines = ics_lines(&ics);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    // Two meetings, and the open goals due on a date (small-prs is due in a sprint).
    assert_eq!(
        uids(&ics),
        [
            "meeting-20260121.log@example.org",
            "goal-fast-reviews.log@example.org",
            "meeting-20260204.log@example.org",
            "goal-pairing.log@example.org",
        ]
    );
    assert!(
        lines.contains(&"DTSTAMP:20260121T000000Z".to_owned()),
        "the latest session's date, not the build's time"
    );
    assert!(lines.contains(
        &"SUMMARY:Due: Pair on the parser\\, every Friday\\; notes in C:\\\\pairing and a very long tail of words that folds".to_owned()
    ));
    if let Some(parsed) = parsed_by_icalendar(&site.path("public/calendar.ics")) {
        assert_eq!(parsed["version"], "2.0");
        assert_eq!(parsed["name"], "Mentoring the Otters");
        let events = parsed["events"].as_array().unwrap();
        assert_eq!(events.len(), 4);
        let pairing = events
            .iter()
            .find(|e| e["uid"] == "goal-pairing.log@example.org")
            .unwrap();
        assert_eq!(
            pairing["summary"],
            "Due: Pair on the parser, every Friday; notes in C:\\pairing and a very long tail of words that folds"
        );
        assert_eq!(pairing["start"], "2026-03-01");
        assert_eq!(pairing["end"], "2026-03-02");
        assert_eq!(pairing["url"], "https://example.org/log/goals/pairing/");
        assert_eq!(pairing["categories"], serde_json::json!(["goal"]));
        assert_eq!(
            pairing["description"],
            "Owner: Cy Member\nMeasure: four pairing sessions logged"
        );
        let next = events
            .iter()
            .find(|e| e["uid"] == "meeting-20260204.log@example.org")
            .unwrap();
        assert_eq!(next["url"], "https://example.org/log/next/");
        assert_eq!(next["start"], "2026-02-04");
    }
    // The same notes, the same bytes.
    assert_eq!(build(&site), ics);
    // A session that changes no goal keeps every event's UID.
    site.write(
        "content/sessions/2026-02-04-sprint-2.md",
        "---\ndate: 2026-02-04\nsprint: 2\nstrengths: [Good humour]\n---\n",
    );
    let after = build(&site);
    assert_eq!(uids(&after), uids(&ics));
    // Closing a goal drops its event; the others keep their UIDs.
    site.write(
        "content/sessions/2026-02-18-sprint-3.md",
        "---\ndate: 2026-02-18\nsprint: 3\ngoals:\n  - id: fast-reviews\n    status: achieved\nnext: 2026-03-04\n---\n",
    );
    let closed = uids(&build(&site));
    assert!(!closed.contains(&"goal-fast-reviews.log@example.org".to_owned()));
    for uid in uids(&ics).iter().filter(|u| !u.contains("fast-reviews")) {
        assert!(closed.contains(uid), "{uid} changed");
    }
    assert!(closed.contains(&"meeting-20260304.log@example.org".to_owned()));
    // Linked from the home page and the agenda.
    for page in ["public/index.html", "public/next/index.html"] {
        assert!(
            site.read(page).contains("href=\"/log/calendar.ics\""),
            "{page}"
        );
    }
}

#[test]
fn several_mentorships_have_a_calendar_each_with_their_own_uids() {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    for team in ["alpha", "beta"] {
        site.write(
            &format!("content/{team}/mentorship.md"),
            crate::site::MENTORSHIP,
        );
        site.write(
            &format!("content/{team}/sessions/2026-01-07-kickoff.md"),
            crate::site::KICKOFF,
        );
    }
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.path("public/calendar.ics").exists());
    let alpha = uids(&site.read("public/m/alpha/calendar.ics"));
    let beta = uids(&site.read("public/m/beta/calendar.ics"));
    assert_eq!(alpha, ["goal-fast-reviews.alpha@mentorlog"]);
    assert_eq!(beta, ["goal-fast-reviews.beta@mentorlog"]);
}

/// A confidential session's goals, due dates, questions and announced meeting are in
/// no agenda, calendar or chart of the public build.
#[test]
fn withheld_sessions_leave_no_trace_between_sessions() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-02-11-secret.md",
        "---\ndate: 2026-02-11\nvisibility: confidential\nweaknesses:\n  - id: secret-weakness\n    text: SECRET weakness\n    impact: high\nquestions: [SECRET question?]\ngoals:\n  - id: secret-goal\n    text: SECRET goal\n    owner: Bo Member\n    due: 2026-05-05\n  - id: pairing\n    due: 2026-04-04\n    note: SECRET note\n  - id: fast-reviews\n    status: achieved\nbacklog:\n  - item: SECRET item\n    change: added\n    goal: small-prs\nnext: 2026-03-03\n---\nSECRET body.\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in [
        "public/next/index.html",
        "public/calendar.ics",
        "public/index.html",
    ] {
        let text = site.read(file);
        for trace in [
            "SECRET",
            "secret",
            "2026-05-05",
            "20260505",
            "2026-04-04",
            "20260404",
            "2026-03-03",
            "20260303",
            "2026-02-11",
            "20260211",
            "11 February",
        ] {
            assert!(!text.contains(trace), "{file} holds {trace}");
        }
    }
    // The follow-through counts the two public sessions only, and the confidential
    // closing of fast-reviews is not among their numbers.
    let rows = follow_table(&site.read("public/index.html"));
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][..6], ["1", "1", "100%", "2", "0", "3"], "{rows:?}");
    // fast-reviews was closed in the confidential session only: still open here.
    assert!(
        site.read("public/calendar.ics")
            .contains("UID:goal-fast-reviews@mentorlog")
    );
    // The author's build has them all.
    let all = site.path("all");
    let o = site.run(&[
        "build",
        "--audience",
        "all",
        "--output",
        all.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ics = site.read("all/calendar.ics");
    for trace in ["20260505", "20260404", "20260303", "SECRET goal"] {
        assert!(ics.contains(trace), "{trace}");
    }
    assert!(!ics.contains("goal-fast-reviews"));
    assert!(
        site.read("all/next/index.html")
            .contains("SECRET question?")
    );
}

// ---------------------------------------------------------------------------------------
// Follow-through

/// A goal entry as a note writes it, read by hand (the example writes goals in block
/// style): its id, whether it has a `text` (an introduction), and its `status`.
struct Entry {
    id: String,
    introduces: bool,
    status: Option<String>,
}

/// A session of the example, read by hand: its visibility and goal entries.
struct Note {
    visibility: Option<String>,
    goals: Vec<Entry>,
}

fn read_note(text: &str) -> Note {
    let front = text.split("\n---").next().unwrap();
    let mut note = Note {
        visibility: None,
        goals: Vec::new(),
    };
    let mut in_goals = false;
    for line in front.lines() {
        if !line.starts_with([' ', '#', '-']) {
            in_goals = line.starts_with("goals:");
            if let Some(v) = line.strip_prefix("visibility: ") {
                note.visibility = Some(v.split_whitespace().next().unwrap().to_owned());
            }
            continue;
        }
        if !in_goals {
            continue;
        }
        if let Some(id) = line.strip_prefix("  - id: ") {
            note.goals.push(Entry {
                id: id.trim().to_owned(),
                introduces: false,
                status: None,
            });
        } else if let Some(entry) = note.goals.last_mut() {
            if line.starts_with("    text:") {
                entry.introduces = true;
            } else if let Some(status) = line.strip_prefix("    status: ") {
                entry.status = Some(status.trim().to_owned());
            }
        }
    }
    note
}

/// One session's follow-through, computed here from the notes: (carried, followed up,
/// opened, closed, open after, median age).
type Expected = (usize, usize, usize, usize, usize, Option<f64>);

fn expected_follow_through(public_only: bool) -> Vec<Expected> {
    let open_statuses = ["proposed", "active", "blocked"];
    let notes: Vec<Note> = example_sessions()
        .iter()
        .map(|n| {
            read_note(&std::fs::read_to_string(repo().join("content/sessions").join(n)).unwrap())
        })
        .filter(|n| !public_only || n.visibility.as_deref() == Some("public"))
        .collect();
    // Goal id → (introduced in, open now).
    let mut goals: std::collections::HashMap<String, (usize, bool)> = Default::default();
    let mut out = Vec::new();
    for (i, note) in notes.iter().enumerate() {
        let carried = goals.values().filter(|(_, open)| *open).count();
        let (mut followed, mut opened, mut closed) = (0, 0, 0);
        for e in &note.goals {
            let open_now = |status: &Option<String>, before: bool| {
                status
                    .as_deref()
                    .map_or(before, |s| open_statuses.contains(&s))
            };
            if e.introduces {
                let open = open_now(&e.status, true);
                opened += 1;
                closed += usize::from(!open);
                goals.insert(e.id.clone(), (i, open));
            } else if let Some((_, was_open)) = goals.get_mut(&e.id) {
                // An update of a goal this audience may see.
                let open = open_now(&e.status, *was_open);
                followed += usize::from(*was_open);
                closed += usize::from(*was_open && !open);
                *was_open = open;
            }
        }
        let mut ages: Vec<usize> = goals
            .values()
            .filter(|(_, open)| *open)
            .map(|(intro, _)| i + 1 - intro)
            .collect();
        ages.sort_unstable();
        let median = match ages.len() {
            0 => None,
            n if n % 2 == 1 => Some(ages[n / 2] as f64),
            n => Some((ages[n / 2 - 1] + ages[n / 2]) as f64 / 2.0),
        };
        out.push((carried, followed, opened, closed, ages.len(), median));
    }
    out
}

/// The rows of the home page's follow-through table: its cells as text.
fn follow_table(home: &str) -> Vec<Vec<String>> {
    let table = &home[home
        .find("<table class=\"follow-table\">")
        .expect("the table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let body = &table[table.find("<tbody>").unwrap()..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td>")
                .skip(1)
                .map(|cell| cell[..cell.find("</td>").unwrap()].trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_follow_through_chart_shows_what_the_notes_say() {
    for (audience, public_only) in [("public", true), ("all", false)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let o = assert_cmd::Command::cargo_bin("mentorlog")
            .unwrap()
            .arg("--root")
            .arg(repo())
            .args(["build", "--audience", audience, "--output"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        let expected = expected_follow_through(public_only);
        assert!(expected.len() >= 5, "{audience}");
        assert!(
            expected.iter().any(|e| e.3 > 0) && expected.iter().any(|e| e.1 > 0),
            "the example closes and follows up goals"
        );
        // The table alternative.
        let rows = follow_table(&home);
        assert_eq!(rows.len(), expected.len(), "{audience}: one row a session");
        for (i, (row, e)) in rows.iter().zip(&expected).enumerate() {
            let share = if e.0 == 0 {
                "—".to_owned()
            } else {
                format!("{}%", (e.1 as f64 * 100.0 / e.0 as f64).round())
            };
            let median = e.5.map_or("—".to_owned(), |m| m.to_string());
            let want = [
                e.0.to_string(),
                e.1.to_string(),
                share,
                e.2.to_string(),
                e.3.to_string(),
                e.4.to_string(),
                median,
            ];
            assert_eq!(row, &want, "{audience}: session {}", i + 1);
        }
        // The picture: a bar for each session that had goals to follow up, with a title
        // and a description, and the table right after.
        let svg = &home[home
            .find("<svg class=\"follow-chart\"")
            .expect("the picture")..];
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"ft_title ft_desc\""));
        assert!(svg.contains(
            "<title id=\"ft_title\">Follow-through of Mentoring the tideflow team</title>"
        ));
        assert_eq!(
            svg.matches("class=\"ft-bar\"").count(),
            expected.iter().filter(|e| e.0 > 0).count()
        );
        assert!(!svg.contains("style="));
        // log.json carries the same numbers.
        let log: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("log.json")).unwrap()).unwrap();
        let ft = &log["mentorships"][0]["follow_through"];
        for (s, e) in ft["sessions"].as_array().unwrap().iter().zip(&expected) {
            assert_eq!(s["carried"], e.0);
            assert_eq!(s["followed_up"], e.1);
            assert_eq!(s["opened"], e.2);
            assert_eq!(s["closed"], e.3);
            assert_eq!(s["open_after"], e.4);
            assert_eq!(s["median_age"].as_f64(), e.5);
        }
        // The completion rate by outcome: shares of the closed goals.
        let closed = ft["closed"].as_u64().unwrap();
        let sum: u64 = ft["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, closed);
        let goals = log["mentorships"][0]["goals"].as_array().unwrap();
        let achieved = goals.iter().filter(|g| g["status"] == "achieved").count();
        let rate = &ft["outcomes"][0];
        assert_eq!(rate["status"], "achieved");
        assert_eq!(
            rate["share"].as_f64(),
            Some(achieved as f64 / closed as f64)
        );
    }
}
