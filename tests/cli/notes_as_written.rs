//! Notes as people write them: backlog values that say their kind (`{points: 5}`) and
//! goals owned by several people (`owner: [Bo, Cy]`), through every page and export that
//! shows them.

use crate::site::{Site, stderr, stdout};
use crate::site_pages::main_of;

/// A third session with typed backlog values and a goal owned by two people.
const TYPED: &str = "---
date: 2026-02-04
sprint: 2
attendees: [Bo Member, Cy Member]
questions: [Who reviews what?]
goals:
  - id: pair-reviews
    text: Review in pairs
    owner: [Bo Member, Cy Member]
    due: sprint 3
    measure: every review names two reviewers
  - id: small-prs
    status: active
  - id: pairing
    status: active
  - id: fast-reviews
    status: achieved
backlog:
  - item: \"#79\"
    change: re-estimated
    before: {points: 5}
    after: {points: 13}
    goal: pair-reviews
    note: Story points
  - item: Review calendar
    change: reprioritised
    before: {moscow: should}
    after:
      moscow: must
    goal: pair-reviews
  - item: \"#12\"
    change: reprioritised
    before: {position: 3}
    after: 1
    goal: small-prs
  - item: Parser rewrite
    change: re-estimated
    before: {size: S}
    after: {size: L}
    goal: pairing
---
Pairs from now on.
";

const THIRD: &str = "content/sessions/2026-02-04-sprint-2.md";

fn typed() -> Site {
    let site = Site::valid();
    site.write(THIRD, TYPED);
    site
}

#[test]
fn typed_backlog_values_show_their_units() {
    let site = typed();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The session page: each side with its unit, in the table's cells.
    let session = site.read("public/sessions/2026-02-04-sprint-2/index.html");
    for cells in [
        "<td>5 points</td>\n      <td>13 points</td>",
        "<td>should</td>\n      <td>must</td>",
        "<td>#3</td>\n      <td>#1</td>",
        "<td>S</td>\n      <td>L</td>",
    ] {
        assert!(session.contains(cells), "{cells} in\n{}", main_of(&session));
    }
    insta::assert_snapshot!("typed_session_main", main_of(&session));

    // The backlog log: each item's history says the change in one line.
    let backlog = site.read("public/backlog/index.html");
    for line in [
        "<span class=\"values\">5 → 13 points</span>",
        "<span class=\"values\">should → must</span>",
        "<span class=\"values\">#3 → #1</span>",
        "<span class=\"values\">S → L</span>",
        // A bare value is shown as written, as before.
        "<span class=\"values\">— → must</span>",
    ] {
        assert!(backlog.contains(line), "{line} in\n{}", main_of(&backlog));
    }
    // The goal page's backlog changes and the print page carry the units too.
    let goal = site.read("public/goals/pair-reviews/index.html");
    assert!(goal.contains("<td>5 points</td>\n      <td>13 points</td>"));
    let print = site.read("public/print/index.html");
    assert!(print.contains("<td>5 points</td>\n      <td>13 points</td>"));

    // log.json: the kind beside the values; none for a bare value.
    let log: serde_json::Value = serde_json::from_str(&site.read("public/log.json")).unwrap();
    let entries = log["mentorships"][0]["backlog"].as_array().unwrap();
    let entry = |item: &str| entries.iter().find(|e| e["item"] == item).unwrap();
    assert_eq!(entry("#12")["after"], "must");
    assert!(entry("#12").get("kind").is_none(), "{}", entry("#12"));
    let points = entry("#79");
    assert_eq!(
        (&points["kind"], &points["before"], &points["after"]),
        (&"points".into(), &"5".into(), &"13".into())
    );
    assert_eq!(entry("Review calendar")["kind"], "moscow");
    // The bare `1` beside `{position: 3}` is read as a position.
    assert_eq!(entries.last().unwrap()["kind"], "size");
    let position = entries.iter().find(|e| e["kind"] == "position").unwrap();
    assert_eq!(
        (&position["before"], &position["after"]),
        (&"3".into(), &"1".into())
    );
    // The front matter as written keeps the map.
    let third = &log["mentorships"][0]["sessions"][2]["backlog"][0];
    assert_eq!(third["before"], serde_json::json!({"points": 5}));

    // The backlog CSV: a row per change, with its kind and the line pages show.
    let csv = site.run(&["export", "--format", "csv", "--table", "backlog"]);
    assert!(csv.status.success(), "{}", stderr(&csv));
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers, mentorlog::export::BACKLOG_CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |item: &str| rows.iter().find(|r| &r[3] == item).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        row("#79").iter().collect::<Vec<_>>(),
        [
            "Mentoring the Otters",
            "3",
            "2026-02-04",
            "#79",
            "re-estimated",
            "points",
            "5",
            "13",
            "5 → 13 points",
            "pair-reviews",
            "Story points",
            "https://example.org/otters/app/issues/79",
        ]
    );
    assert_eq!(&row("Review calendar")[8], "should → must");
    assert_eq!(&row("Parser rewrite")[8], "S → L");
    // `--table` is for CSV.
    let json = site.run(&["export", "--table", "backlog"]);
    assert_eq!(json.status.code(), Some(2), "{}", stdout(&json));
}

#[test]
fn bare_values_keep_meaning_what_they_said() {
    let site = Site::valid();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let session = site.read("public/sessions/2026-01-21-sprint-1/index.html");
    assert!(session.contains("<td>—</td>\n      <td>must</td>"));
    let log = site.read("public/log.json");
    assert!(
        !log.contains("\"kind\":\"moscow\""),
        "a bare value gains no kind"
    );
}

#[test]
fn several_owners_share_a_goal() {
    let site = typed();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Each owner's page lists the goal among the goals owned.
    for person in ["bo-member", "cy-member"] {
        let page = site.read(&format!("public/people/{person}/index.html"));
        assert!(
            page.contains("<a href=\"/goals/pair-reviews/\">Review in pairs</a>"),
            "{person}:\n{}",
            main_of(&page)
        );
    }
    let bo = site.read("public/people/bo-member/index.html");
    insta::assert_snapshot!("several_owners_person_main", main_of(&bo));

    // The goal page and the session page name both, each linked to their page.
    let both = "<a href=\"/people/bo-member/\">Bo Member</a>, <a href=\"/people/cy-member/\">Cy Member</a>";
    let goal = site.read("public/goals/pair-reviews/index.html");
    assert!(
        goal.contains(&format!("<dt>Owners</dt><dd>{both}</dd>")),
        "{}",
        main_of(&goal)
    );
    let session = site.read("public/sessions/2026-02-04-sprint-2/index.html");
    assert!(session.contains(&format!("owners {both} · due sprint 3")));
    // One owner reads as before, now linked.
    assert!(session.contains("owner <a href=\"/people/cy-member/\">Cy Member</a> · due sprint 3"));
    let goals = site.read("public/goals/index.html");
    assert!(goals.contains(&format!("<td>{both}</td>")));

    // The CSV joins them with "; "; log.json keeps the list as written.
    let csv = site.run(&["export", "--format", "csv"]);
    assert!(csv.status.success(), "{}", stderr(&csv));
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[1] == "pair-reviews")
        .unwrap();
    assert_eq!(&row[3], "Bo Member; Cy Member");
    let log: serde_json::Value = serde_json::from_str(&site.read("public/log.json")).unwrap();
    let m = &log["mentorships"][0];
    let goal = m["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "pair-reviews")
        .unwrap();
    assert_eq!(goal["owner"], serde_json::json!(["Bo Member", "Cy Member"]));
    let small = m["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "small-prs")
        .unwrap();
    assert_eq!(small["owner"], "Cy Member");
    let people = m["people"].as_array().unwrap();
    for p in people.iter().filter(|p| p["name"] != "Ada Mentor") {
        assert!(
            p["goals"]
                .as_array()
                .unwrap()
                .contains(&"pair-reviews".into()),
            "{p}"
        );
    }

    // `new` carries the owners forward as written.
    let o = site.run(&["new", "--date", "2026-02-18"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let next = site.read("content/sessions/2026-02-18-after-sprint-3.md");
    assert!(
        next.contains("  - id: pair-reviews   # Review in pairs\n    status: active   # proposed | active | blocked | achieved | partial | missed | dropped | superseded\n    owner: [Bo Member, Cy Member]\n"),
        "{next}"
    );
    assert!(site.run(&["check"]).status.success());
}

#[test]
fn an_empty_owner_list_is_no_owner() {
    let site = typed();
    site.write(
        THIRD,
        TYPED.replace("owner: [Bo Member, Cy Member]", "owner: []"),
    );
    let o = site.run(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("goal `pair-reviews` has no owner"),
        "{}",
        stderr(&o)
    );
}

/// Issue 13: a value that differs only by case (`High`, `ACHIEVED`, `Re-Estimated`,
/// `{size: l}`) can only mean one thing; the site built from it is the one built from
/// the lowercase words, byte for byte.
#[test]
fn values_in_any_case_build_the_same_site() {
    let lower = typed();
    let upper = typed();
    let capitalised = |text: &str, pairs: &[(&str, &str)]| {
        let mut text = text.to_owned();
        for (from, to) in pairs {
            assert!(text.contains(from), "{from}");
            text = text.replace(from, to);
        }
        text
    };
    upper.write(
        "content/mentorship.md",
        capitalised(
            crate::site::MENTORSHIP,
            &[("default_visibility: public", "default_visibility: Public")],
        ),
    );
    upper.write(
        "content/sessions/2026-01-07-kickoff.md",
        capitalised(
            crate::site::KICKOFF,
            &[
                ("kind: kickoff", "kind: Kickoff"),
                ("impact: high", "impact: High"),
            ],
        ),
    );
    upper.write(
        "content/sessions/2026-01-21-sprint-1.md",
        capitalised(
            crate::site::SECOND,
            // A bare `after: must` says no kind: it is shown as written, and stays.
            &[
                ("health: at-risk", "health: AT-RISK"),
                ("change: added", "change: Added"),
            ],
        ),
    );
    upper.write(
        THIRD,
        capitalised(
            TYPED,
            &[
                ("status: achieved", "status: Achieved"),
                ("status: active", "status: ACTIVE"),
                ("change: re-estimated", "change: Re-Estimated"),
                ("{moscow: should}", "{moscow: Should}"),
                ("moscow: must", "moscow: MUST"),
                ("{size: S}", "{size: s}"),
                ("{size: L}", "{size: l}"),
            ],
        ),
    );
    for site in [&lower, &upper] {
        let o = site.run(&["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (lower_files, upper_files) = (lower.files("public"), upper.files("public"));
    assert!(lower_files.len() > 20);
    assert_eq!(lower_files.len(), upper_files.len());
    for ((path, a), (_, b)) in lower_files.iter().zip(&upper_files) {
        assert_eq!(a, b, "{path}");
    }
    let export = |site: &Site| stdout(&site.run(&["export"]));
    assert_eq!(export(&lower), export(&upper));
    // The check says the same, warnings and all.
    let check = |site: &Site| stderr(&site.run(&["check"]));
    assert_eq!(check(&lower), check(&upper));
}
