//! The built-in templates written in Rust (issue 17: `render::native`) write what Tera
//! writes with the shipped templates, byte for byte: random logs that use every part of a
//! session's front matter (texts with `<`, `&` and quotes, every status, health, impact,
//! change and direction, links that resolve and names that do not), in every built-in
//! language, at the site's root and under a base path, for every audience, are built the
//! fast way and with Tera alone (`MENTORLOG_TEST_TEMPLATES=tera`, debug builds), and every
//! file is compared. The test checks that the pages compared hold each part of the
//! templates, so that a part no log reached cannot pass unseen. A second test writes text
//! unescaped on purpose (`MENTORLOG_TEST_FAULT=native`) and checks that the first catches
//! it.
//!
//! `MENTORLOG_NATIVE_SITES=100 cargo test native` builds more sites;
//! `MENTORLOG_NATIVE_SEED=N` starts from another seed.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::publish::{first_difference, tree};
use crate::serve::property::{Rng, env_number};
use crate::serve::server::Server;

const LANGUAGES: &[&str] = &["en", "de", "fr", "es", "pt", "nl"];
const PEOPLE: &[&str] = &[
    "Ada Mentor",
    "Bo <Member>",
    "Cy O'Neil",
    "Di \"Dee\" Member",
];
const STRANGERS: &[&str] = &["Guest & Co", "Visitor"];
const STATUSES: &[&str] = &[
    "proposed", "active", "blocked", "achieved", "partial", "missed", "dropped",
];
const HEALTH: &[&str] = &["on-track", "at-risk", "off-track"];
const IMPACTS: &[&str] = &["high", "medium", "low"];
const KINDS: &[&str] = &["kickoff", "mentoring", "review", "closing"];
const CHANGES: &[&str] = &[
    "added",
    "removed",
    "reprioritised",
    "split",
    "merged",
    "re-estimated",
    "done",
];
const VALUES: &[&str] = &["could", "should", "must", "M", "5", "#3"];
const DIRECTIONS: &[&str] = &["continue", "reorient", "sunset"];
const VISIBILITIES: &[&str] = &["public", "public", "team", "confidential"];
const TAGS: &[&str] = &["ci", "people", "r&d", "release"];
const WORDS: &[&str] = &["reviews", "<pairing>", "R&D", "\"tests\"", "it's"];
const AUDIENCES: &[&str] = &["public", "team", "all"];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

/// A short text with some of the characters HTML escapes.
fn text(rng: &mut Rng, what: &str) -> String {
    format!("{what} {} and {}", pick(rng, WORDS), pick(rng, WORDS))
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// One mentorship's folder of notes, `notes` sessions long.
fn mentorship(rng: &mut Rng, dir: &Path, m: usize, notes: usize) {
    std::fs::create_dir_all(dir.join("sessions")).unwrap();
    let mut repo = String::from(if rng.chance(50) {
        "repo: https://example.org/team/code\n"
    } else {
        ""
    });
    // Some ended (the home page's outcome), some with an end planned, roles, formality.
    if rng.chance(40) {
        repo.push_str("status: ended\nended: 2030-01-01\n");
    } else if rng.chance(30) {
        repo.push_str("ends: 2030-06-30\n");
    }
    if rng.chance(50) {
        repo.push_str("roles:\n  mentor: [Review <code>, Ask & listen]\n  mentee: [Bring questions]\nformality: formal\n");
    }
    std::fs::write(
        dir.join("mentorship.md"),
        format!(
            "---\ntitle: {}\nmentee: Team {m}\nmentors:\n  - name: Ada Mentor\n    role: {}\nmembers: [{}, {}]\naims:\n  - text: {}\n    area: r&d work\n  - Plain aim\nstarted: 2026-01-01\ncadence: every <two> weeks\ndefault_visibility: public\n{repo}---\nWe meet & talk.\n",
            quoted(&text(rng, &format!("Mentoring {m}"))),
            quoted(&text(rng, "Engineer")),
            quoted(PEOPLE[1]),
            quoted(PEOPLE[2]),
            quoted(&text(rng, "Aim")),
        ),
    )
    .unwrap();
    // Goals introduced so far, and weakness ids named so far.
    let mut goals: Vec<String> = Vec::new();
    let weakness_ids = ["slow-reviews", "flaky-ci", "bus-factor"];
    for n in 0..notes {
        let mut t = String::from("---\n");
        let (month, day) = (1 + n / 4, 1 + (n % 4) * 7);
        let _ = writeln!(t, "date: 2026-{month:02}-{day:02}");
        if rng.chance(70) {
            let _ = writeln!(t, "title: {}", quoted(&text(rng, "Session")));
        }
        if rng.chance(50) {
            let _ = writeln!(t, "kind: {}", pick(rng, KINDS));
        }
        if rng.chance(40) {
            let _ = writeln!(t, "sprint: {}", n + 1);
        }
        let _ = writeln!(t, "visibility: {}", pick(rng, VISIBILITIES));
        match rng.below(3) {
            0 => {
                let _ = writeln!(t, "retro: https://example.org/retro?s={n}&a=1");
            }
            1 => {
                let _ = writeln!(t, "retro: {}", quoted(&text(rng, "In the wiki")));
            }
            _ => {}
        }
        if rng.chance(70) {
            let mut people: Vec<String> = (0..1 + rng.below(3))
                .map(|_| {
                    if rng.chance(80) {
                        quoted(pick(rng, PEOPLE))
                    } else {
                        quoted(pick(rng, STRANGERS))
                    }
                })
                .collect();
            people.dedup();
            let _ = writeln!(t, "attendees: {}", list(&people));
        }
        if rng.chance(30) {
            let _ = writeln!(t, "mentors: [Ada Mentor, {}]", quoted(pick(rng, STRANGERS)));
        }
        if rng.chance(70) {
            t.push_str("strengths:\n");
            for _ in 0..1 + rng.below(3) {
                if rng.chance(50) {
                    let _ = writeln!(
                        t,
                        "  - id: strong-{}\n    text: Strong {}",
                        rng.below(3),
                        quoted(pick(rng, WORDS))
                    );
                } else {
                    let _ = writeln!(t, "  - {}", quoted(&text(rng, "Good")));
                }
            }
        }
        // The first note names every weakness: goals and questions may address any.
        if n == 0 || rng.chance(80) {
            t.push_str("weaknesses:\n");
            for id in weakness_ids {
                if n > 0 && !rng.chance(60) {
                    continue;
                }
                let _ = writeln!(t, "  - id: {id}\n    text: {}", quoted(&text(rng, id)));
                if rng.chance(70) {
                    let _ = writeln!(t, "    impact: {}", pick(rng, IMPACTS));
                }
                if rng.chance(30) {
                    let _ = writeln!(t, "    tags: [{}]", quoted(pick(rng, TAGS)));
                }
            }
            if rng.chance(30) {
                let _ = writeln!(t, "  - {}", quoted(&text(rng, "Once")));
            }
        }
        if rng.chance(70) {
            t.push_str("questions:\n");
            for _ in 0..1 + rng.below(3) {
                let _ = writeln!(t, "  - text: {}", quoted(&text(rng, "Why")));
                if rng.chance(40) {
                    let _ = writeln!(t, "    addresses: {}", pick(rng, &weakness_ids));
                }
                match rng.below(3) {
                    0 => {
                        let _ = writeln!(t, "    answer: {}", quoted(&text(rng, "Because")));
                    }
                    1 => t.push_str("    answered: true\n"),
                    _ => {}
                }
            }
        }
        let mut entries = Vec::new();
        for _ in 0..rng.below(4) {
            let id = format!("g{m}-{}", goals.len() + entries.len());
            let mut e = format!("  - id: {id}\n    text: {}\n", quoted(&text(rng, "Goal")));
            match rng.below(3) {
                0 => {
                    let _ = writeln!(e, "    owner: {}", quoted(pick(rng, PEOPLE)));
                }
                1 => {
                    let _ = writeln!(
                        e,
                        "    owner: [{}, {}]",
                        quoted(pick(rng, PEOPLE)),
                        quoted(pick(rng, STRANGERS))
                    );
                }
                _ => {}
            }
            if rng.chance(60) {
                let _ = writeln!(
                    e,
                    "    due: {}",
                    pick(rng, &["2026-12-01", "2026-01-10", "sprint <9>"])
                );
            }
            if rng.chance(60) {
                let _ = writeln!(e, "    measure: {}", quoted(&text(rng, "Done when")));
            }
            if rng.chance(50) {
                let _ = writeln!(e, "    health: {}", pick(rng, HEALTH));
            }
            if rng.chance(60) {
                let _ = writeln!(e, "    addresses: [{}]", pick(rng, &weakness_ids));
            }
            entries.push((id, e));
        }
        let mut updates = Vec::new();
        for g in &goals {
            if !rng.chance(35) {
                continue;
            }
            let mut e = format!("  - id: {g}\n");
            let status = pick(rng, STATUSES);
            if rng.chance(15) && !entries.is_empty() {
                let _ = writeln!(
                    e,
                    "    status: superseded\n    superseded_by: {}",
                    entries[0].0
                );
            } else {
                let _ = writeln!(e, "    status: {status}");
            }
            if rng.chance(40) {
                let _ = writeln!(e, "    health: {}", pick(rng, HEALTH));
            }
            if rng.chance(50) {
                let _ = writeln!(e, "    note: {}", quoted(&text(rng, "Noted")));
            }
            updates.push(e);
        }
        if !entries.is_empty() || !updates.is_empty() {
            t.push_str("goals:\n");
            for (_, e) in &entries {
                t.push_str(e);
            }
            for e in &updates {
                t.push_str(e);
            }
        }
        goals.extend(entries.into_iter().map(|(id, _)| id));
        if rng.chance(60) {
            t.push_str("backlog:\n");
            for _ in 0..1 + rng.below(3) {
                let item = if rng.chance(50) {
                    format!("\"#{}\"", rng.below(20))
                } else {
                    quoted(&text(rng, "Item"))
                };
                let _ = writeln!(t, "  - item: {item}\n    change: {}", pick(rng, CHANGES));
                for side in ["before", "after"] {
                    if rng.chance(60) {
                        let _ = writeln!(t, "    {side}: {}", quoted(pick(rng, VALUES)));
                    }
                }
                if rng.chance(40) && !goals.is_empty() {
                    let _ = writeln!(t, "    goal: {}", goals[rng.below(goals.len())]);
                }
                if rng.chance(40) {
                    let _ = writeln!(t, "    note: {}", quoted(&text(rng, "Why")));
                }
            }
        }
        if rng.chance(40) {
            let _ = writeln!(t, "reflection: {}", quoted(&text(rng, "We think")));
        }
        if rng.chance(30) {
            let _ = writeln!(t, "direction: {}", pick(rng, DIRECTIONS));
        }
        if rng.chance(50) {
            let (month, day) = (1 + (n + 1) / 4, 1 + ((n + 1) % 4) * 7);
            let _ = writeln!(t, "next: 2026-{month:02}-{day:02}");
        }
        if rng.chance(60) {
            let tags: Vec<String> = (0..1 + rng.below(2))
                .map(|_| quoted(pick(rng, TAGS)))
                .collect();
            let _ = writeln!(t, "tags: {}", list(&tags));
        }
        t.push_str("---\n");
        if rng.chance(80) {
            let _ = writeln!(
                t,
                "## What {}\n\nWe said {} & more.\n",
                pick(rng, WORDS),
                pick(rng, WORDS)
            );
            if let Some(g) = goals.first() {
                let _ = writeln!(t, "See [the goal](goal:{g}).\n");
            }
        }
        std::fs::write(
            dir.join(format!("sessions/2026-{month:02}-{day:02}-s{n}.md")),
            t,
        )
        .unwrap();
    }
}

/// A random site: one to three mentorships, a language, maybe a base path.
fn site(root: &Path, seed: u64) -> (Rng, String) {
    let mut rng = Rng(seed);
    let language = pick(&mut rng, LANGUAGES);
    let base = if rng.chance(50) {
        "base_url = \"https://example.org/log/\"\n"
    } else {
        ""
    };
    let title = if rng.chance(50) {
        format!("title = {}\n", quoted(&text(&mut rng, "Our log")))
    } else {
        String::new()
    };
    std::fs::create_dir_all(root).unwrap();
    // Some sites publish the encrypted team site (`site.team`, a footer link).
    let team = if rng.chance(30) {
        "[team]\nsalt = \"b0fbe1d034343f767c26d8f6a1c1f8fb\"\n"
    } else {
        ""
    };
    std::fs::write(
        root.join("mentorlog.toml"),
        format!("language = \"{language}\"\n{base}{title}{team}"),
    )
    .unwrap();
    let several = 1 + rng.below(3);
    for m in 0..several {
        let dir = if several == 1 {
            root.join("content")
        } else {
            root.join(format!("content/team-{m}"))
        };
        // Now and then a long one: the recurring grid shows only the latest 40 sessions.
        let notes = if rng.chance(15) {
            42 + rng.below(4)
        } else {
            3 + rng.below(10)
        };
        mentorship(&mut rng, &dir, m, notes);
    }
    let audience = pick(&mut rng, AUDIENCES).to_owned();
    (rng, audience)
}

fn build(root: &Path, output: &Path, audience: &str, env: (&str, &str)) -> bool {
    let team = std::fs::read_to_string(root.join("mentorlog.toml"))
        .unwrap()
        .contains("[team]")
        && audience == "public";
    Command::new(assert_cmd::cargo::cargo_bin("mentorlog"))
        .arg("--root")
        .arg(root)
        .args(["--quiet", "build", "--audience", audience, "--output"])
        .arg(output)
        .args(team.then_some("--encrypt-team"))
        .env(
            "MENTORLOG_TEAM_PASSPHRASE",
            "a passphrase long enough for the team",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env_remove("MENTORLOG_TEST_TEMPLATES")
        .env_remove("MENTORLOG_TEST_FAULT")
        .env(env.0, env.1)
        .status()
        .unwrap()
        .success()
}

/// What the pages compared must hold between them: each part of the templates written in
/// Rust.
const PARTS: &[&str] = &[
    "class=\"fact-wide\"",
    "class=\"flag recurring\" href=",
    "<span class=\"flag recurring\">",
    "class=\"impact impact-",
    "<span class=\"addressed\">",
    "<span class=\"answer\">",
    "class=\"flag answered\"",
    "class=\"health health-",
    "class=\"measure\"",
    "<p class=\"note\">",
    "status status-superseded",
    "history-link",
    "<td>—</td>",
    "class=\"direction direction-",
    "class=\"reflection\"",
    "class=\"prose\"",
    "<span class=\"tag\">",
    "<a class=\"tag\"",
    "rel=\"prev\"",
    "rel=\"next\"",
    "site-crumb",
    "class=\"audience\"",
    "<br><span class=\"meta\">",
    "class=\"goal-change touch-",
    "&amp;",
    "&lt;",
    "&quot;",
    "&#39;",
    "print-session-head",
    "https://example.org/retro",
    "https://example.org/team/code/issues/",
    "href=\"/log/",
    "rel=\"nofollow\"",
    "class=\"chain-current\"",
    "class=\"flag overdue\"",
    "class=\"flag resolved\"",
    "aria-labelledby=\"addresses_h\"",
    "aria-labelledby=\"goal_backlog_h\"",
    "class=\"log-session\"",
    "class=\"item-card\"",
    "class=\"values\"",
    "class=\"goal-table\"",
    "class=\"status-bar\"",
    "class=\"session-list\"",
    "<p class=\"lede\">Engineer",
    "class=\"chart-legend\"",
    "class=\"timeline reflections\"",
    "reflection-only",
    "decision decision-",
    "(r&amp;d work)",
    "tag tag-title",
    "aria-labelledby=\"tagged_w_h\"",
    "class=\"items once\"",
    "class=\"tag-list\"",
    "grid grid-strength",
    "class=\"grid-cell\"><span class=\"mark mark-",
    "</span>42</a></th>",
    "class=\"session-table\"",
    ", every &lt;two&gt; weeks.",
    // The home page (`index.html`) and its follow-through.
    "class=\"outcome-score\"",
    "class=\"outcome-note\"",
    "class=\"closing-quote\"",
    "class=\"mini-goals\"",
    "class=\"count-alert\"",
    "class=\"recurring-list\"",
    "class=\"card card-latest\"",
    "<span class=\"role\">",
    "class=\"outcome-rates\"",
    "class=\"follow-table\"",
    "aria-labelledby=\"roles_h\"",
    "aria-labelledby=\"aims_h\"",
    "<p class=\"empty\">",
    "type=\"text/calendar\"",
    "class=\"fact-wide\"><dt>",
    // The agenda (`next.html`).
    "class=\"agenda-alert\"",
    "class=\"flag stale\"",
    "class=\"items agenda-weaknesses\"",
    "class=\"items questions agenda-questions\"",
    "class=\"backlog-table agenda-table\"",
    "class=\"goal-table agenda-table\"",
];

/// Builds sites `seeds` both ways; the parts of [`PARTS`] the pages held, or the first
/// difference.
fn run(seeds: std::ops::Range<u64>, faulty: bool) -> Result<Vec<&'static str>, String> {
    let mut seen = Vec::new();
    for seed in seeds {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let (_, audience) = site(&root, seed);
        let (native, tera) = (dir.path().join("native"), dir.path().join("tera"));
        let fault = if faulty {
            ("MENTORLOG_TEST_FAULT", "native")
        } else {
            ("MENTORLOG_TEST_FAULT", "")
        };
        let built = build(&root, &native, &audience, fault);
        assert_eq!(
            built,
            build(
                &root,
                &tera,
                &audience,
                ("MENTORLOG_TEST_TEMPLATES", "tera")
            ),
            "seed {seed}: one way built, the other did not"
        );
        if !built && std::env::var_os("MENTORLOG_NATIVE_KEEP").is_some() {
            let kept = std::env::temp_dir().join(format!("native-{seed}"));
            let _ = std::fs::remove_dir_all(&kept);
            std::fs::rename(&root, &kept).unwrap();
        }
        assert!(built, "seed {seed}: the random site does not build");
        let (native, tera) = (tree(&native), tree(&tera));
        if let Some(difference) = first_difference(&native, &tera) {
            return Err(format!("seed {seed} ({audience}): {difference}"));
        }
        for (path, bytes) in &tera {
            if path.ends_with(".html") {
                let page = String::from_utf8_lossy(bytes);
                seen.extend(PARTS.iter().filter(|p| page.contains(**p)));
            }
        }
        seen.sort_unstable();
        seen.dedup();
    }
    Ok(seen)
}

#[test]
fn the_templates_written_in_rust_write_what_tera_writes() {
    let sites = env_number("MENTORLOG_NATIVE_SITES", 16);
    let first = env_number("MENTORLOG_NATIVE_SEED", 1);
    let seen = run(first..first + sites, false).unwrap();
    let unseen: Vec<_> = PARTS.iter().filter(|p| !seen.contains(p)).collect();
    assert!(unseen.is_empty(), "no page compared held {unseen:?}");
}

#[test]
fn the_native_template_test_catches_text_written_unescaped() {
    assert!(
        run(1..4, true).is_err(),
        "text written unescaped was not caught"
    );
    // Every kind of page written in Rust shows the fault, so each is written that way
    // (a page Tera rendered instead would pass unseen, and be slow).
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, 2);
    let (faulty, tera) = (dir.path().join("faulty"), dir.path().join("tera"));
    assert!(build(
        &root,
        &faulty,
        "all",
        ("MENTORLOG_TEST_FAULT", "native")
    ));
    assert!(build(
        &root,
        &tera,
        "all",
        ("MENTORLOG_TEST_TEMPLATES", "tera")
    ));
    let (faulty, tera) = (tree(&faulty), tree(&tera));
    for kind in KINDS_WRITTEN_IN_RUST {
        let of_kind = |p: &str| {
            let p = format!("/{p}");
            if *kind == HOME {
                // `/m/SLUG/index.html`, a mentorship's home page.
                return p.starts_with("/m/")
                    && p.matches('/').count() == 3
                    && p.ends_with("/index.html");
            }
            p.contains(kind)
                && !p.ends_with("/people/index.html")
                && !p.ends_with("/tags/index.html")
        };
        let pages = tera.keys().filter(|p| of_kind(p)).count();
        let differ = tera
            .iter()
            .filter(|(p, b)| of_kind(p) && faulty.get(*p) != Some(*b))
            .count();
        assert!(
            pages > 0 && differ == pages,
            "{differ} of {pages} pages under {kind} show the fault"
        );
    }
}

/// Where the pages written in Rust are (every page under these has texts to escape).
/// (The lists of people and of tags are not.)
const KINDS_WRITTEN_IN_RUST: &[&str] = &[
    "/sessions/20",
    "/goals/",
    "/print/",
    "/backlog/",
    "/people/",
    "/tags/",
    "/recurring/",
    "/sessions/index.html",
    "/next/",
    HOME,
];

/// Stands for the mentorships' home pages in [`KINDS_WRITTEN_IN_RUST`].
const HOME: &str = "home";

/// A served page without the live-reload script's id of the server.
fn without_site_id(page: &str) -> String {
    match page.split_once("data-site=\"") {
        Some((before, after)) => {
            let rest = after.split_once('"').map_or("", |(_, rest)| rest);
            format!("{before}{rest}")
        }
        None => page.to_owned(),
    }
}

/// The preview marks the pages the public build would withhold (`page.withheld`, a banner
/// in `base.html`): `serve` answers the same pages both ways.
#[test]
fn the_preview_shows_the_same_pages_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, 5);
    let all = dir.path().join("all");
    assert!(build(&root, &all, "all", ("MENTORLOG_TEST_FAULT", "")));
    let pages: Vec<String> = tree(&all)
        .into_keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    let native = Server::start_with_env(&root, &[], &[("MENTORLOG_TEST_FAULT", "")]);
    let tera = Server::start_with_env(&root, &[], &[("MENTORLOG_TEST_TEMPLATES", "tera")]);
    let mut banners = 0;
    for page in &pages {
        let (a, b) = (native.get(page), tera.get(page));
        assert_eq!(a.status, 200, "{page}");
        assert_eq!(
            without_site_id(&a.text()),
            without_site_id(&b.text()),
            "{page}"
        );
        banners += usize::from(a.text().contains("withheld-banner"));
    }
    assert!(banners > 2, "{banners} pages marked withheld");
}
