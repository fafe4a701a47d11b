//! Authoring: `init` and `new` as UI tests in cargo's style (an input folder, the expected
//! output folder), the JSON Schema against the example log, export round-trips,
//! completions.

use std::path::{Path, PathBuf};

use crate::site::{Site, stderr, stdout};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ui")
        .join(rel)
}

/// Every file under `expected` must exist under `actual` with the same text, after
/// `replace` fills placeholders (in names and contents).
fn assert_matches(actual: &Path, expected: &Path, replace: &dyn Fn(&str) -> String) {
    let mut stack = vec![expected.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = replace(&p.strip_prefix(expected).unwrap().to_string_lossy());
            let want = replace(&std::fs::read_to_string(&p).unwrap());
            let got =
                std::fs::read_to_string(actual.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(got, want, "{rel} differs from {}", p.display());
            seen += 1;
        }
    }
    assert!(seen > 0, "no expected files under {}", expected.display());
}

fn today_and_next() -> (String, String) {
    let today = mentorlog::date::Date::today();
    (today.to_string(), today.plus_days(14).to_string())
}

#[test]
fn init_scaffolds_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("log");
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let (today, next) = today_and_next();
    // The team site's salt is random: the one written, if it is 32 hex digits.
    let config = std::fs::read_to_string(site.join("mentorlog.toml")).unwrap();
    let salt = config
        .split("salt = \"")
        .nth(1)
        .and_then(|s| s.get(..32))
        .filter(|s| s.bytes().all(|b| b.is_ascii_hexdigit()))
        .expect("a salt of 32 hex digits")
        .to_owned();
    assert_matches(&site, &fixture("init/out"), &|s: &str| {
        s.replace("{{today}}", &today)
            .replace("{{next}}", &next)
            .replace("{{salt}}", &salt)
    });
    let check = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
    let build = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    // Confidential by default: the public site says so instead of being empty.
    let index = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(index.contains("confidential by default"), "{index}");
    let all = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .args(["build", "--audience", "all", "--output"])
        .arg(dir.path().join("all"))
        .output()
        .unwrap();
    assert!(all.status.success());
    assert!(
        dir.path()
            .join("all/goals/fast-reviews/index.html")
            .is_file()
    );
}

#[test]
fn init_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("netlify.toml"), "mine").unwrap();
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("netlify.toml"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("netlify.toml")).unwrap(),
        "mine"
    );
    assert!(
        !dir.path().join("content").exists(),
        "nothing is written when anything would be overwritten"
    );
}

#[test]
fn new_carries_open_goals_forward() {
    let dir = tempfile::tempdir().unwrap();
    crate::site::copy_dir(&fixture("new/in"), dir.path());
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .args(["new", "--date", "2026-02-04"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    assert!(
        printed.trim_end().ends_with("2026-02-04-after-sprint-2.md"),
        "{printed}"
    );
    assert_matches(dir.path(), &fixture("new/out"), &|s: &str| s.to_owned());
    // The note passes `check` as written, and carries every open goal.
    let check = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        !stderr(&check).contains("goal-not-carried-forward")
            && !stderr(&check).contains("not updated here")
    );
    // A second `new` that would write the same file refuses to overwrite it.
    let again = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(dir.path())
        .args(["new", "--date", "2026-02-04", "--title", "After sprint 2"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn new_names_the_file_after_the_title() {
    let site = Site::valid();
    let o = site.run(&["new", "--date", "2026-02-11", "--title", "Planning: Q2!"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = site.path("content/sessions/2026-02-11-planning-q2.md");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("title: \"Planning: Q2!\""), "{text}");
    assert!(site.run(&["check"]).status.success());
}

#[test]
fn new_refuses_a_site_with_errors() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        "---\ndate: 2026-02-30\n---\n",
    );
    let o = site.run(&["new"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("2026-02-30"));
}

/// The front matter of a note as JSON, through the same YAML parser mentorlog uses.
fn front_matter(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = text
        .split("\n---")
        .next()
        .unwrap()
        .trim_start_matches("---");
    serde_yaml::from_str(yaml).unwrap()
}

#[test]
fn the_schema_accepts_the_example_log_and_rejects_mistakes() {
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut notes = vec![content.join("mentorship.md")];
    for e in std::fs::read_dir(content.join("sessions")).unwrap() {
        notes.push(e.unwrap().path());
    }
    assert!(notes.len() > 5);
    for note in &notes {
        let fm = front_matter(note);
        let errors: Vec<String> = validator.iter_errors(&fm).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", note.display());
    }
    for bad in [
        serde_json::json!({"date": "2026-01-01", "kind": "retro"}),
        serde_json::json!({"date": "2026-01-01", "weakneses": []}),
        serde_json::json!({"date": "2026-01-01", "goals": [{"id": "Not A Slug"}]}),
        serde_json::json!({"title": "No mentee"}),
        serde_json::json!({"date": "2026-01-01", "backlog": [{"item": "a", "change": "added", "after": {"pts": 5}}]}),
        serde_json::json!({"date": "2026-01-01", "backlog": [{"item": "a", "change": "added", "after": {"moscow": "maybe"}}]}),
        serde_json::json!({"date": "2026-01-01", "backlog": [{"item": "a", "change": "added", "after": {"points": 5, "size": "M"}}]}),
        serde_json::json!({"date": "2026-01-01", "goals": [{"id": "a", "owner": {"name": "Ana"}}]}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
    // Typed backlog values and several owners.
    let good = serde_json::json!({"date": "2026-01-01",
    "goals": [{"id": "a", "text": "A", "owner": ["Ana", "Ben"]}],
    "backlog": [
        {"item": "a", "change": "re-estimated", "before": {"points": 5}, "after": {"points": 13}},
        {"item": "b", "change": "reprioritised", "before": {"moscow": "should"}, "after": {"moscow": "must"}},
        {"item": "c", "change": "reprioritised", "before": {"position": 3}, "after": 1},
        {"item": "d", "change": "re-estimated", "before": {"size": "S"}, "after": {"size": "XL"}},
    ]});
    let errors: Vec<String> = validator
        .iter_errors(&good)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for kind in ["mentorship", "session"] {
        let o = assert_cmd::Command::cargo_bin("mentorlog")
            .unwrap()
            .args(["schema", "--kind", kind])
            .output()
            .unwrap();
        let one: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(jsonschema::validator_for(&one).is_ok(), "{kind}");
    }
}

// That the schema knows every key mentorlog knows, requires what it requires and lists the
// same words is a unit test of `content::shape`, the table both follow.

#[test]
fn export_json_is_the_linked_model_for_the_audience() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .args(["--root", repo, "export"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let checked = mentorlog::check(Path::new(repo));
    let public = mentorlog::log_for(&checked, mentorlog::audience::Audience::Public);
    let round_trip = serde_json::to_value(&public).unwrap();
    assert_eq!(v["audience"], "public");
    assert_eq!(v["mentorships"], round_trip["mentorships"]);
    let all = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .args(["--root", repo, "export", "--audience", "all"])
        .output()
        .unwrap();
    let all: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let count = |v: &serde_json::Value| v["mentorships"][0]["sessions"].as_array().unwrap().len();
    assert!(
        count(&all) > count(&v),
        "the public export withholds sessions"
    );
}

#[test]
fn export_csv_has_a_row_per_goal() {
    let site = Site::valid();
    let o = site.run(&["export", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers, mentorlog::export::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let checked = mentorlog::check(site.root());
    let goals = &checked.log.mentorships[0].goals;
    assert_eq!(rows.len(), goals.len());
    for (row, goal) in rows.iter().zip(goals) {
        assert_eq!(&row[0], "Mentoring the Otters");
        assert_eq!(&row[1], &*goal.id);
        assert_eq!(&row[2], &*goal.text);
        assert_eq!(&row[4], goal.status.as_str());
        assert_eq!(row[7].parse::<usize>().unwrap(), goal.sessions_open);
    }
    assert_eq!(&rows[0][5], "2026-01-07");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = assert_cmd::Command::cargo_bin("mentorlog")
            .unwrap()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(o.status.success());
        assert!(stdout(&o).contains("mentorlog"), "{shell}");
    }
}

/// Audit finding 5: cells a spreadsheet would run as a formula are neutralised with a
/// leading `'` (OWASP), read back through a real CSV parser.
#[test]
fn issue_5_csv_formula_injection() {
    let site = Site::valid();
    site.write(
        "content/mentorship.md",
        crate::site::MENTORSHIP.replace(
            "title: Mentoring the Otters",
            "title: \"=HYPERLINK(\\\"https://evil.example/\\\",\\\"click\\\")\"",
        ),
    );
    site.write(
        "content/sessions/2026-01-21-sprint-1.md",
        "---
date: 2026-01-21
goals:
  - id: fast-reviews
    status: active
  - id: plus
    text: \"+1+1\"
    owner: \"@SUM(1,2)\"
  - id: minus
    text: \"-2+3\"
    owner: \"=1+1\"
  - id: tab
    text: \"\\t=1+1\"
  - id: cr
    text: \"\\r=1+1\"
  - id: fine
    text: Review within a day, e.g. 1+1 = 2
---
",
    );
    let o = site.run(&["export", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[1] == id).unwrap().clone();
    for r in &rows {
        assert_eq!(&r[0], "'=HYPERLINK(\"https://evil.example/\",\"click\")");
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    assert_eq!(&row("plus")[2], "'+1+1");
    assert_eq!(&row("plus")[3], "'@SUM(1,2)");
    assert_eq!(&row("minus")[2], "'-2+3");
    assert_eq!(&row("minus")[3], "'=1+1");
    assert_eq!(&row("tab")[2], "'\t=1+1");
    assert_eq!(&row("cr")[2], "'\r=1+1");
    // Plain text is left as it is.
    assert_eq!(&row("fine")[2], "Review within a day, e.g. 1+1 = 2");
    assert_eq!(&row("fine")[4], "active");
}
