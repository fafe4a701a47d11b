//! Malformed notes: each alone in an otherwise valid site gives exit 1, names the file and
//! line, panics never, writes nothing. The rendered messages are snapshots.

use crate::site::{Site, stderr};

const SECOND: &str = "content/sessions/2026-01-21-sprint-1.md";

/// (snapshot name, file, contents, expected `path:line:column`)
fn cases() -> Vec<(&'static str, &'static str, Vec<u8>, &'static str)> {
    let bomb = {
        let mut s = String::from(
            "---\ndate: 2026-01-21\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!("  {n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        s.push_str("---\n");
        s
    };
    let deep = format!(
        "---\ndate: 2026-01-21\nextra: {}{}\n---\n",
        "[".repeat(300),
        "]".repeat(300)
    );
    vec![
        ("unterminated_fence", SECOND, b"---\ndate: 2026-01-21\ntitle: Open ended\n\nNotes without a closing fence.\n".to_vec(), ":1:1"),
        ("no_front_matter", SECOND, b"# Sprint 1\n\nJust notes.\n".to_vec(), ":1:1"),
        ("empty_file", SECOND, b"".to_vec(), ":1:1"),
        ("bad_indentation", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: small-prs\n    text: Keep PRs small\n   owner: Cy Member\n---\n".to_vec(), ":6:"),
        ("invalid_date", SECOND, b"---\ndate: 2026-02-30\n---\n".to_vec(), ":2:7"),
        ("unknown_enum_value", SECOND, b"---\ndate: 2026-01-21\nkind: mentorin\n---\n".to_vec(), ":3:7"),
        ("unknown_goal_status", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: fast-reviews\n    status: done\n---\n".to_vec(), ":5:13"),
        ("wrong_type", SECOND, b"---\ndate: 2026-01-21\nattendees: 5\n---\n".to_vec(), ":3:12"),
        ("not_utf8", SECOND, b"---\ndate: 2026-01-21\ntitle: Caf\xe9 talk\n---\n".to_vec(), ":3:11"),
        ("front_matter_is_a_list", SECOND, b"---\n- date: 2026-01-21\n- title: A list\n---\n".to_vec(), ":2:1"),
        ("tab_indentation", SECOND, b"---\ndate: 2026-01-21\ngoals:\n\t- id: small-prs\n---\n".to_vec(), ":4:"),
        ("alias_bomb", SECOND, bomb.into_bytes(), SECOND),
        ("deep_nesting", SECOND, deep.into_bytes(), SECOND),
        ("missing_date", SECOND, b"---\ntitle: No date\n---\n".to_vec(), ":2:1"),
        ("unquoted_issue_reference", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: #12\n    change: added\n---\n".to_vec(), ":4:"),
        ("goal_introduced_twice_in_a_session", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: small-prs\n    text: Small PRs\n  - id: small-prs\n    text: Small PRs again\n---\n".to_vec(), ":6:9"),
        ("goal_introduced_twice", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: fast-reviews\n    text: Something else entirely\n---\n".to_vec(), ":5:5"),
        ("unknown_goal", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: fast-review\n    status: achieved\n---\n".to_vec(), ":4:9"),
        ("broken_note_link", SECOND, b"---\ndate: 2026-01-21\n---\nWe built on\nwhat [the kickof](2026-01-07-kickof.md) decided.\n".to_vec(), ":5:6"),
        ("broken_goal_link", SECOND, b"---\ndate: 2026-01-21\n---\nSee [this](goal:fast-reveiws).\n".to_vec(), ":4:5"),
        ("date_outside_mentorship", SECOND, b"---\ndate: 2025-12-01\n---\n".to_vec(), ":2:7"),
        ("superseded_without_replacement", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: fast-reviews\n    status: superseded\n---\n".to_vec(), ":5:13"),
        ("superseded_by_unknown_goal", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: fast-reviews\n    status: superseded\n    superseded_by: faster-reviews\n---\n".to_vec(), ":6:20"),
        ("addresses_unknown_weakness", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: small-prs\n    text: Small PRs\n    addresses: [slow-review]\n---\n".to_vec(), ":6:17"),
        ("backlog_serves_unknown_goal", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: Split the parser\n    change: split\n    goal: small-pr\n---\n".to_vec(), ":6:11"),
        ("backlog_value_changes_kind", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: \"#12\"\n    change: re-estimated\n    before: {points: 5}\n    after: {size: M}\n---\n".to_vec(), ":7:12"),
        ("backlog_bare_value_of_another_kind", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: \"#12\"\n    change: re-estimated\n    before: huge\n    after: {points: 8}\n---\n".to_vec(), ":6:13"),
        ("backlog_value_unknown_kind", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: \"#12\"\n    change: re-estimated\n    before: {pts: 5}\n---\n".to_vec(), ":6:14"),
        ("backlog_value_unknown_priority", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: \"#12\"\n    change: reprioritised\n    after: {moscow: maybe}\n---\n".to_vec(), ":6:21"),
        ("backlog_value_two_kinds", SECOND, b"---\ndate: 2026-01-21\nbacklog:\n  - item: \"#12\"\n    change: re-estimated\n    after: {points: 5, size: M}\n---\n".to_vec(), ":6:12"),
        ("owner_not_a_name", SECOND, b"---\ndate: 2026-01-21\ngoals:\n  - id: small-prs\n    text: Small PRs\n    owner: {name: Cy Member}\n---\n".to_vec(), ":6:12"),
        ("mentorship_missing_title", "content/mentorship.md", b"---\nmentee: Team Otter\nmentors: [Ada Mentor]\nstarted: 2026-01-05\n---\n".to_vec(), "content/mentorship.md:2:1"),
    ]
}

#[test]
fn each_malformed_note_fails_with_its_place() {
    for (name, file, contents, place) in cases() {
        let site = Site::valid();
        site.write(file, &contents);
        let check = site.run(&["check"]);
        let text = stderr(&check);
        assert_eq!(
            check.status.code(),
            Some(1),
            "{name}: check should fail\n{text}"
        );
        assert!(!text.contains("panicked"), "{name}: {text}");
        let expected = if place.starts_with(':') {
            format!("{file}{place}")
        } else {
            place.to_owned()
        };
        assert!(
            text.contains(&expected),
            "{name}: expected `{expected}` in\n{text}"
        );
        insta::assert_snapshot!(name, text);

        let build = site.run(&["build"]);
        assert_eq!(build.status.code(), Some(1), "{name}: build should fail");
        assert!(!stderr(&build).contains("panicked"), "{name}");
        assert!(
            !site.path("public").exists(),
            "{name}: nothing may be written"
        );
    }
}

#[test]
fn every_problem_of_every_file_in_one_run() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        "---\ndate: 2026-02-30\n---\n",
    );
    site.write(
        "content/sessions/2026-01-28-extra.md",
        "---\ndate: 2026-01-28\nkind: retro\n---\n",
    );
    site.write(
        "content/sessions/2026-02-04-more.md",
        "---\ndate: 2026-02-04\ngoals:\n  - id: nope\n    status: active\n---\n[x](goal:none)\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    for place in [
        "2026-01-21-sprint-1.md:2:7",
        "2026-01-28-extra.md:3:7",
        "2026-02-04-more.md:4:9",
        "2026-02-04-more.md:7:1",
    ] {
        assert!(text.contains(place), "{place} missing in\n{text}");
    }
}

#[test]
fn duplicate_page_paths_are_an_error() {
    let site = Site::valid();
    site.write(
        "content/sessions/a/2026-01-28-notes.md",
        "---\ndate: 2026-01-28\n---\n",
    );
    site.write(
        "content/sessions/b/2026-01-28-notes.md",
        "---\ndate: 2026-01-28\n---\n",
    );
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/sessions/2026-01-28-notes/"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_keys_warn_with_the_nearest_key_and_strict_fails() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-28-extra.md",
        "---\ndate: 2026-01-28\nweakneses: []\n---\n",
    );
    let o = site.run(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("unknown_key_warning", stderr(&o));
    let o = site.run(&["check", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn json_format_lists_each_problem() {
    let site = Site::valid();
    site.write(SECOND, "---\ndate: 2026-02-30\n---\n");
    let o = site.run(&["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &v[0];
    assert_eq!(first["path"], SECOND);
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 7);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "wrong-type");
}

#[test]
fn config_errors_name_their_line() {
    let site = Site::valid();
    site.write(
        "mentorlog.toml",
        "title = \"Otters\"\n[feed]\nlimit = \"lots\"\n",
    );
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("mentorlog.toml:3:"), "{}", stderr(&o));
}

#[test]
fn no_content_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("there is no `content` folder"),
        "{}",
        stderr(&o)
    );
}

/// Issue 13: a note whose front matter cannot be read at all does not make the goals it
/// introduced "never introduced" in later notes; that they cannot be checked is said once.
#[test]
fn issue_13_an_unreadable_note_does_not_cascade() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-02-04-estimates.md",
        "---\ndate: 2026-02-04\ngoals:\n  - text: Calibrate estimates\n    id: \"estimate-calibration\"  # with a comment\n\nNotes, but the block never ends.\n",
    );
    site.write(
        "content/sessions/2026-02-18-later.md",
        "---\ndate: 2026-02-18\ngoals:\n  - id: estimate-calibration\n    status: active\nbacklog:\n  - item: Calibrate\n    change: added\n    goal: estimate-calibration\n---\nSee [it](goal:estimate-calibration).\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(!text.contains("never introduced"), "{text}");
    assert_eq!(text.matches("estimate-calibration").count(), 1, "{text}");
    assert!(
        text.contains("2026-02-04-estimates.md")
            && text.contains("not checked until this note can be read"),
        "{text}"
    );
}

/// Audit finding 9: `theme` is one folder name under `themes/`; a path that would climb
/// out of it (or jump elsewhere) is an error at the key's value, and nothing is read there.
#[test]
fn issue_9_theme_path_escape() {
    for (theme, name) in [
        ("../..", "theme_path_parent"),
        ("/etc", "theme_path_absolute"),
        ("default/../../x", "theme_path_nested"),
        ("..", "theme_path_dots"),
    ] {
        let site = Site::valid();
        // A theme beside the site that the escape would reach.
        let outside = site.path("elsewhere/templates/base.html");
        std::fs::create_dir_all(outside.parent().unwrap()).unwrap();
        std::fs::write(&outside, "{{ broken").unwrap();
        site.write(
            "mentorlog.toml",
            format!("title = \"Otters\"\ntheme = \"{theme}\"\n"),
        );
        let o = site.run(&["build"]);
        let text = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{theme}: {text}");
        assert!(text.contains("mentorlog.toml:2:9"), "{theme}: {text}");
        assert!(
            text.contains("invalid-theme") || text.contains("not a path"),
            "{text}"
        );
        assert!(!site.path("public").exists());
        insta::assert_snapshot!(name, text);
    }
}

/// Audit finding 3: a control character in a note (front matter or body, raw or from a
/// double-quoted YAML escape) or in `mentorlog.toml` (raw or from a TOML escape) is an
/// error at its place, and nothing is built.
#[test]
fn issue_3_control_characters() {
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "control_raw_front_matter",
            SECOND,
            b"---\ndate: 2026-01-21\ntitle: Sprint \x01 one\n---\n".to_vec(),
            ":3:15",
        ),
        (
            "control_raw_body",
            SECOND,
            b"---\ndate: 2026-01-21\n---\nNotes\n\nthen \x1b[2J and more\n".to_vec(),
            ":6:6",
        ),
        (
            "control_c1_body",
            SECOND,
            "---\ndate: 2026-01-21\n---\nA next line\u{85}here\n"
                .as_bytes()
                .to_vec(),
            ":4:12",
        ),
        (
            "control_yaml_escape",
            SECOND,
            b"---\ndate: 2026-01-21\nkind: \"x\\e]0;PWNED\\a\\e[2J\"\n---\n".to_vec(),
            ":3:7",
        ),
        (
            "control_yaml_escape_nel",
            SECOND,
            b"---\ndate: 2026-01-21\ntitle: \"a\\u0085b\"\nextra:\n  \"k\\x01\": 1\n---\n".to_vec(),
            ":3:8",
        ),
        (
            "control_config_escape",
            "mentorlog.toml",
            b"title = \"Otters\\u0001\"\n".to_vec(),
            "mentorlog.toml:1:9",
        ),
        (
            "control_config_raw",
            "mentorlog.toml",
            b"# a comment \x07\ntitle = \"Otters\"\n".to_vec(),
            "mentorlog.toml:1:13",
        ),
    ];
    for (name, file, contents, place) in cases {
        let site = Site::valid();
        site.write(file, &contents);
        let check = site.run(&["check"]);
        let text = stderr(&check);
        assert_eq!(check.status.code(), Some(1), "{name}: {text}");
        let expected = if place.starts_with(':') {
            format!("{file}{place}")
        } else {
            place.to_owned()
        };
        assert!(text.contains(&expected), "{name}: `{expected}` in\n{text}");
        assert!(text.contains("U+00"), "{name}: {text}");
        assert!(
            !text.bytes().any(|b| b < 0x20 && b != b'\n'),
            "{name}: a raw control character on the terminal: {text:?}"
        );
        insta::assert_snapshot!(name, text);
        let build = site.run(&["build"]);
        assert_eq!(build.status.code(), Some(1), "{name}");
        assert!(!site.path("public").exists(), "{name}");
    }
}

/// Audit finding 3, defence in depth: a Markdown entity decodes to a control character the
/// note's text may not hold; the pages show U+FFFD, and the feed stays well-formed XML.
#[test]
fn issue_3_entities_do_not_break_the_feed() {
    let site = Site::valid();
    site.write(
        SECOND,
        "---\ndate: 2026-01-21\n---\nA bell &#7; an escape &#27;[2J and &#x85; [a](x.org \"t&#1;\")\n",
    );
    let o = site.run(&["build", "--base-url", "https://example.org/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["feed.xml", "sitemap.xml"] {
        let xml = site.read(&format!("public/{file}"));
        assert!(
            !xml.chars()
                .any(mentorlog::content::load::is_forbidden_control),
            "{file}: {xml:?}"
        );
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{file} is not well-formed: {e}"),
            }
        }
    }
    let page = site.read("public/sessions/2026-01-21-sprint-1/index.html");
    assert!(
        page.contains("A bell \u{fffd} an escape \u{fffd}[2J"),
        "{page}"
    );
}

/// Audit finding 4: what reaches the terminal shows control characters as `\u{1b}`, with
/// `--color never` too, and `--format json` stays valid JSON.
#[test]
fn issue_4_terminal_escapes_in_diagnostics() {
    let site = Site::valid();
    let name = "content/sessions/2026-01-28-\u{1b}]0;PWNED\u{7}\u{1b}[2J.md";
    site.write(name, "---\ndate: 2026-01-28\nkind: mentorin\n---\n");
    site.write(
        "content/sessions/2026-02-04-title.md",
        "---\ndate: 2026-02-04\nkind: \"x\\e]0;PWNED\\a\\e[2J\"\n---\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        !text.bytes().any(|b| b < 0x20 && b != b'\n'),
        "a raw control character on the terminal: {text:?}"
    );
    assert!(
        text.contains("content/sessions/2026-01-28-\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J.md:3:7"),
        "{text}"
    );
    assert!(text.contains("2026-02-04-title.md:3:7"), "{text}");
    let o = site.run(&["check", "--format", "json"]);
    assert!(
        !o.stdout
            .iter()
            .any(|&b| b < 0x20 && b != b'\n' && b != b' ')
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&name), "{paths:?}");
}

/// Audit finding 4: libyaml refuses some characters without a place of its own; the error
/// is on the character's line, not the block's first.
#[test]
fn issue_4_reader_errors_on_their_line() {
    let site = Site::valid();
    site.write(
        SECOND,
        "---\ndate: 2026-01-21\ntitle: fine\nreflection: a\u{ffff}b\n---\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("{SECOND}:4:14")), "{text}");
}

/// Audit finding 6: deep flow nesting is refused in one pass before libyaml, whose scan
/// of it is quadratic (100,000 `[` took 42 s, 50,000 `{a:` 18.6 s): the same clear error,
/// at the first bracket too deep, in a fraction of a second even in a debug build.
#[test]
fn issue_6_deep_nesting_fails_fast() {
    let brackets = format!(
        "---\ndate: 2026-01-21\nextra: {}\n---\n",
        "[".repeat(100_000)
    );
    let braces = format!(
        "---\ndate: 2026-01-21\nextra: {}1{}\n---\n",
        "{a: ".repeat(50_000),
        "}".repeat(50_000)
    );
    for (name, text, column) in [
        ("brackets", brackets, 8 + 128),
        ("braces", braces, 8 + 4 * 128),
    ] {
        let site = Site::valid();
        site.write(SECOND, &text);
        let start = std::time::Instant::now();
        let o = site.run(&["check"]);
        let took = start.elapsed();
        let text = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {text}");
        assert!(
            text.contains("the front matter is nested too deeply"),
            "{name}: {text}"
        );
        assert!(
            text.contains(&format!("{SECOND}:3:{column}")),
            "{name}: {text}"
        );
        assert!(
            took < std::time::Duration::from_secs(10),
            "{name}: {took:?} (the quadratic scan took 42 s)"
        );
    }
}

/// The places `path:line:column` in `text`, in order.
fn places_in(text: &str, path: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .filter(|p| p.starts_with(path))
        .map(|p| p[path.len()..].to_owned())
        .collect()
}

/// Issue 13: every missing key, wrong type and unknown value of one note in one run, each
/// at its value (a flow map whole, a block value's first line), in words a user knows.
#[test]
fn issue_13_every_problem_of_a_note_in_one_run() {
    let site = Site::valid();
    site.write(
        SECOND,
        "---
date: 2026-01-21
kind: mentorin
attendees: 5
weaknesses:
  - text: Reviews still take days
    impact: High
  - {text: Flaky tests, impact: med}
goals:
  - Faster reviews
  - id: small-prs
    text: Keep pull requests small
    status: done
    health: on track
    owner: {name: Cy Member}
    due: 2026-02-30
  - text: Pair on the parser
    status: active
backlog:
  - item: \"#12\"
    change: add
    after: {points: 5, size: M}
  - change: split
    before: {pts: 3}
sprint:
  - 1
  - 2
questions: How?
weaknes: []
---
",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert_eq!(
        places_in(&text, SECOND),
        [
            ":3:7",   // kind: mentorin
            ":4:12",  // attendees: 5
            ":8:33",  // impact: med
            ":10:5",  // a goal as text
            ":13:13", // status: done
            ":14:13", // health: on track
            ":15:12", // owner: {name: …}, the whole map
            ":16:10", // due: 2026-02-30
            ":17:5",  // no id
            ":21:13", // change: add
            ":22:12", // two kinds of value
            ":23:5",  // no item
            ":24:14", // {pts: 3}
            ":26:3",  // sprint: a block list, its first line
            ":28:12", // questions: text, not a list
            ":29:1",  // weaknes (a warning)
        ],
        "{text}"
    );
    assert!(text.contains("15 errors, 1 warning"), "{text}");
    assert!(
        !text.contains("struct") && !text.contains("sequence"),
        "{text}"
    );
    insta::assert_snapshot!("every_problem_of_a_note", text);
}

/// Issue 13: a mentorship's note too, missing keys and all.
#[test]
fn issue_13_every_problem_of_a_mentorship_in_one_run() {
    let site = Site::valid();
    site.write(
        "content/mentorship.md",
        "---\nmentors:\n  - role: lead\nstarted: 2026-01-5\nstatus: on hold\nformality: Formal\nmin_goals: \"3\"\nroles: [mentor]\n---\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert_eq!(
        places_in(&text, "content/mentorship.md"),
        [":2:1", ":2:1", ":3:5", ":4:10", ":5:9", ":7:12", ":8:8"],
        "{text}"
    );
    insta::assert_snapshot!("every_problem_of_a_mentorship", text);
}

/// Issue 13: the words people write for a value stay errors, and the hint names the value
/// they mean.
#[test]
fn issue_13_synonyms_name_the_value_meant() {
    let site = Site::valid();
    site.write(
        SECOND,
        "---\ndate: 2026-01-21\nvisibility: private\ndirection: pivot\nweaknesses:\n  - {text: Slow reviews, impact: mid}\ngoals:\n  - {id: fast-reviews, status: completed, health: green}\n  - {id: pairing, status: in progress}\n  - {id: small-prs, status: cancelled}\nbacklog:\n  - {item: \"#12\", change: reprioritized, after: {moscow: won't}}\n---\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    for meant in [
        "confidential",
        "reorient",
        "medium",
        "achieved",
        "on-track",
        "active",
        "dropped",
        "reprioritised",
        "wont",
    ] {
        assert!(
            text.contains(&format!("did you mean `{meant}`?")),
            "{meant}: {text}"
        );
    }
    insta::assert_snapshot!("synonym_hints", text);
}

/// Issue 13: a goal written as plain text is shown as the entry to write, with an id made
/// from its text; a plain-text goal that is already an id is told how to update it.
#[test]
fn issue_13_a_goal_written_as_text() {
    let site = Site::valid();
    site.write(
        SECOND,
        "---\ndate: 2026-01-21\ngoals: [\"Faster reviews\", fast-reviews]\n---\n",
    );
    let o = site.run(&["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert_eq!(places_in(&text, SECOND), [":3:9", ":3:27"], "{text}");
    assert!(
        text.contains("`- id: faster-reviews` and, under it, `text: Faster reviews`"),
        "{text}"
    );
    insta::assert_snapshot!("goal_written_as_text", text);
}
