//! The site's pages (issue 7): a snapshot of each page type's `<main>` for the example
//! log, a link check over the whole built site, the feed and sitemap read as XML, several
//! mentorships under their prefixes, template overrides and themes, search on and off, and
//! the browser checks (overflow, axe in light and dark, CSP, the Nu HTML Checker) in
//! headless Chromium through `tests/browser/site-check.mjs`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::site::{KICKOFF, MENTORSHIP, SECOND, Site, stderr, stdout};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the site at `root` into `out`.
fn build(root: &Path, out: &Path, extra: &[&str]) {
    let o = assert_cmd::Command::cargo_bin("mentorlog")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["build", "--output"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The example log of the repository, built into a temp dir.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn example(extra: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build(repo(), &out, extra);
    Built { _dir: dir, out }
}

/// A site with two mentorships, `alpha` and `beta`.
fn several() -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    site.write("content/alpha/mentorship.md", MENTORSHIP);
    site.write("content/alpha/sessions/2026-01-07-kickoff.md", KICKOFF);
    site.write("content/alpha/sessions/2026-01-21-sprint-1.md", SECOND);
    site.write(
        "content/beta/mentorship.md",
        MENTORSHIP
            .replace("Mentoring the Otters", "Mentoring the Badgers")
            .replace("Team Otter", "Team Badger"),
    );
    site.write(
        "content/beta/sessions/2026-02-04-kickoff.md",
        KICKOFF.replace("2026-01-07", "2026-02-04"),
    );
    site
}

/// An active mentorship with what the example lacks: open goals of every open status,
/// overdue and at risk, a supersession chain, long words, a wide table, long code lines,
/// an image from another host, a repository that is not a web address, two sessions on
/// one day, and names outside ASCII.
fn odd() -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    site.write(
        "content/mentorship.md",
        "---\ntitle: Ünïcode & <odd> things\nmentee: Team Ærø\nmentors: [Zoë Ümlaut]\nmembers: [José Núñez, Bartholomew-Maximilian Featherstonehaugh-Cholmondeley]\naims: [Ship it, {id: learn, text: Learn a lot, area: a-really-long-area-name-without-spaces-at-all}]\nstarted: 2026-01-05\nstatus: active\ndefault_visibility: public\nrepo: git@example.org:team/app.git\ntags: [supercalifragilisticexpialidocious-tag-name-that-goes-on]\n---\n# Agreement\n\nA word: Pneumonoultramicroscopicsilicovolcanoconiosis-and-then-some-more-letters.\n",
    );
    site.write(
        "content/sessions/2026-01-07-a.md",
        "---\ndate: 2026-01-07\nkind: kickoff\nattendees: [José Núñez, Bartholomew-Maximilian Featherstonehaugh-Cholmondeley]\nweaknesses:\n  - {id: w1, text: Reviews are slow, impact: high, tags: [review]}\n  - {text: No tests, impact: low}\nstrengths: [Good humour]\nquestions: [{text: How?, addresses: w1}]\ngoals:\n  - {id: g1, text: Goal one, owner: José Núñez, due: 2026-01-10, measure: m, status: active, health: off-track, addresses: [w1]}\n  - {id: g2, text: Goal two, owner: Zoë Ümlaut, due: sprint 1, measure: m, status: proposed}\n  - {id: g3, text: Goal three, owner: José Núñez, due: 2026-12-01, measure: m}\nbacklog:\n  - {item: \"#7\", change: added, after: must, goal: g1}\n  - {item: A-backlog-item-with-an-extraordinarily-long-name-that-never-breaks-anywhere-at-all, change: split, goal: g2}\ntags: [review, a-very-long-tag-name-that-keeps-going-and-going-and-going]\n---\n#### Deep heading first\n\n```\nfn a_very_long_line_of_code() { let x = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"; }\n```\n\n| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n| aaaaaaaaaaaa | bbbbbbbbbbbb | cccccccccccc | dddddddddddd | eeeeeeeeeeee | ffffffffffff | gggggggggggg | hhhhhhhhhhhh |\n\n![a chart](https://cdn.example.org/chart.png)\n\nA footnote.[^1]\n\n[^1]: The note.\n",
    );
    site.write(
        "content/sessions/2026-01-21-b.md",
        "---\ndate: 2026-01-21\nsprint: 1\nattendees: [José Núñez]\nweaknesses: [{id: w1, text: Reviews are still slow, impact: medium}]\nquestions: [Why?]\ngoals:\n  - {id: g1, status: blocked, health: at-risk, note: Waiting}\n  - {id: g2, status: superseded, superseded_by: g4}\n  - {id: g4, text: Goal four replaces two, owner: Zoë Ümlaut, due: sprint 2, measure: m}\n  - {id: g3, status: active}\nbacklog: [{item: \"#7\", change: done, goal: g1}]\n---\nSame day, below.\n",
    );
    site.write(
        "content/sessions/2026-01-21-c.md",
        "---\ndate: 2026-01-21\ntitle: The same day again\nkind: review\nattendees: [Zoë Ümlaut]\ngoals:\n  - {id: g4, status: achieved}\n  - {id: g1, status: active}\n  - {id: g3, status: blocked, health: on-track}\nreflection: Going fine.\ndirection: continue\n---\n",
    );
    site
}

/// The `<main>` element of a page.
pub(crate) fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("</main>") + "</main>".len();
    &html[start..end]
}

/// Every file under `dir`, by its `/`-separated path.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

fn html_files(dir: &Path) -> Vec<(String, String)> {
    files(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Snapshots

#[test]
fn the_main_element_of_each_page_type() {
    let site = example(&[]);
    for (name, page) in [
        ("home", "index.html"),
        ("sessions", "sessions/index.html"),
        ("session_kickoff", "sessions/2026-03-04-kickoff/index.html"),
        (
            "session_after_sprint_1",
            "sessions/2026-03-18-after-sprint-1/index.html",
        ),
        ("goals", "goals/index.html"),
        (
            "goal_automated_release",
            "goals/automated-release/index.html",
        ),
        ("goal_hpc_runner", "goals/hpc-runner/index.html"),
        ("recurring", "recurring/index.html"),
        ("backlog", "backlog/index.html"),
        ("people", "people/index.html"),
        ("person", "people/priya-raghunathan/index.html"),
        ("tags", "tags/index.html"),
        ("tag", "tags/review/index.html"),
        ("print", "print/index.html"),
        ("next", "next/index.html"),
        ("search", "search/index.html"),
        ("not_found", "404.html"),
    ] {
        let html = site.read(page);
        insta::assert_snapshot!(format!("main_{name}"), main_of(&html));
    }
}

#[test]
fn the_site_index_lists_every_mentorship() {
    let site = several();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = site.read("public/index.html");
    insta::assert_snapshot!("main_site_index", main_of(&index));
}

#[test]
fn feed_and_sitemap_snapshots() {
    let site = example(&["--base-url", "https://example.org/log/"]);
    let filters = vec![(r"mentorlog \d+\.\d+\.\d+", "mentorlog [version]")];
    insta::with_settings!({ filters => filters }, {
        insta::assert_snapshot!("sitemap_xml", site.read("sitemap.xml"));
        // The notes are in the snapshots of their pages; here, the feed's frame.
        let mut frame = site.read("feed.xml");
        let mut from = 0;
        while let Some(at) = frame[from..].find("<content type=\"html\">") {
            let start = from + at;
            let end = frame[start..].find("</content>").unwrap() + start + "</content>".len();
            let short = "<content type=\"html\">[notes]</content>";
            frame.replace_range(start..end, short);
            from = start + short.len();
        }
        insta::assert_snapshot!("feed_xml", frame);
    });
}

// ---------------------------------------------------------------------------------------
// Links

/// The value of attribute `name` in the tag text `tag` (`<a href="…" …>`), unescaped.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(
        tag[start..start + len]
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Every start tag of an HTML text: (name, the whole tag).
fn tags(html: &str) -> impl Iterator<Item = (String, &str)> {
    html.match_indices('<').filter_map(move |(at, _)| {
        let rest = &html[at + 1..];
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            return None;
        }
        let end = rest.find('>')?;
        Some((name, &html[at..at + 1 + end + 1]))
    })
}

/// Checks every `href`, `src`, `action` and `data-index` of every page under `out`, for a
/// site whose base URL's path is `base` (`""` or `/log`): each resolves to a file of the
/// output, each `#fragment` to an id of its page, and nothing but an `<a>` points to
/// another host. Returns the problems.
pub(crate) fn check_links(out: &Path, base: &str) -> Vec<String> {
    let all = files(out);
    let names: HashSet<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let pages: Vec<(&str, String)> = all
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), String::from_utf8_lossy(b).into_owned()))
        .collect();
    for (path, html) in &pages {
        let set = ids.entry(path).or_default();
        for (_, tag) in tags(html) {
            if let Some(id) = attr(tag, "id") {
                set.insert(id);
            }
        }
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, html) in &pages {
        for (name, tag) in tags(html) {
            for key in ["href", "src", "action", "data-index"] {
                let Some(value) = attr(tag, key) else {
                    continue;
                };
                checked += 1;
                if value.starts_with("//") && name != "a" {
                    problems.push(format!(
                        "{path}: <{name} {key}> loads from another host: {value}"
                    ));
                    continue;
                }
                if value.starts_with("http://") || value.starts_with("https://") {
                    if !(name == "a" && key == "href") {
                        problems.push(format!(
                            "{path}: <{name} {key}> loads from another host: {value}"
                        ));
                    }
                    continue;
                }
                if value.starts_with("mailto:") {
                    continue;
                }
                let (target, fragment) = match value.split_once('#') {
                    Some((t, f)) => (t.to_owned(), Some(f.to_owned())),
                    None => (value.clone(), None),
                };
                let target = target.split('?').next().unwrap_or_default().to_owned();
                let file = if target.is_empty() {
                    (*path).to_owned()
                } else {
                    let Some(inside) = target.strip_prefix(base).filter(|t| t.starts_with('/'))
                    else {
                        problems.push(format!(
                            "{path}: {key}=\"{value}\" is not under the base path `{base}/`"
                        ));
                        continue;
                    };
                    let decoded = percent_encoding::percent_decode_str(&inside[1..])
                        .decode_utf8_lossy()
                        .into_owned();
                    if decoded.is_empty() || decoded.ends_with('/') {
                        format!("{decoded}index.html")
                    } else {
                        decoded
                    }
                };
                if !names.contains(file.as_str()) {
                    problems.push(format!("{path}: {key}=\"{value}\": no file `{file}`"));
                    continue;
                }
                if let Some(f) = fragment {
                    let f = percent_encoding::percent_decode_str(&f)
                        .decode_utf8_lossy()
                        .into_owned();
                    if !ids.get(file.as_str()).is_some_and(|s| s.contains(&f)) {
                        problems.push(format!(
                            "{path}: {key}=\"{value}\": no id `{f}` in `{file}`"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked > 500,
        "only {checked} links checked: the scan is broken"
    );
    problems
}

#[test]
fn every_link_of_the_example_resolves() {
    let site = example(&[]);
    let problems = check_links(&site.out, "");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_link_resolves_under_a_base_path() {
    let site = example(&["--base-url", "https://example.org/log/"]);
    let problems = check_links(&site.out, "/log");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let home = site.read("index.html");
    assert!(home.contains("href=\"/log/style.css\""));
    assert!(
        !home.contains("href=\"/sessions/"),
        "a link misses the base path"
    );
}

#[test]
fn every_link_of_an_odd_site_resolves() {
    let site = odd();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let problems = check_links(&site.path("public"), "");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let home = site.read("public/index.html");
    // Open goals of every open status, one overdue.
    for status in ["active", "blocked"] {
        assert!(
            home.contains(&format!("class=\"tl-goal tl-{status} tl-open\"")),
            "{status}"
        );
    }
    assert!(home.contains("<span class=\"flag overdue\">overdue</span>"));
    // A repository that is not a web address is shown, not linked.
    assert!(home.contains("<dd>git@example.org:team/app.git</dd>"));
    let session = site.read("public/sessions/2026-01-07-a/index.html");
    assert!(
        !session.contains("href=\"git@"),
        "an issue link that is not a web address"
    );
}

#[test]
fn every_link_of_several_mentorships_resolves() {
    let site = several();
    assert!(site.run(&["build"]).status.success());
    let problems = check_links(&site.path("public"), "");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Structure, CSP, accessibility basics (on every page, without a browser)

#[test]
fn every_page_has_one_h1_ordered_headings_landmarks_and_no_inline_code() {
    let site = example(&[]);
    let several = several();
    assert!(several.run(&["build"]).status.success());
    let pages: Vec<(String, String)> = html_files(&site.out)
        .into_iter()
        .chain(html_files(&several.path("public")))
        .collect();
    assert!(pages.len() > 40);
    for (path, html) in &pages {
        let levels: Vec<u8> = tags(html)
            .filter_map(|(name, _)| {
                let b = name.as_bytes();
                (b.len() == 2 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1])).then(|| b[1] - b'0')
            })
            .collect();
        assert_eq!(
            levels.iter().filter(|&&l| l == 1).count(),
            1,
            "{path}: one h1"
        );
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{path}: heading level skipped ({levels:?})"
            );
        }
        for landmark in [
            "<header class=\"site-header\"",
            "<main id=\"main_content\"",
            "<footer class=\"site-footer\"",
            "<a class=\"skip-link\" href=\"#main_content\"",
            "<nav ",
        ] {
            assert!(html.contains(landmark), "{path}: no {landmark}");
        }
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{path}"
        );
        // The CSP of netlify.toml: no inline style or script, no `javascript:` URLs.
        for (name, tag) in tags(html) {
            assert!(
                attr(tag, "style").is_none(),
                "{path}: inline style in {tag}"
            );
            assert!(name != "style", "{path}: a <style> element");
            if name == "script" {
                assert!(attr(tag, "src").is_some(), "{path}: inline script");
            }
            for key in ["href", "src"] {
                if let Some(v) = attr(tag, key) {
                    assert!(!v.trim_start().starts_with("javascript:"), "{path}: {tag}");
                }
            }
        }
    }
}

#[test]
fn the_home_page_draws_the_goal_timeline() {
    let site = example(&[]);
    let home = site.read("index.html");
    let svg_start = home
        .find("<svg class=\"timeline-chart\"")
        .expect("the timeline SVG");
    let svg = &home[svg_start..svg_start + home[svg_start..].find("</svg>").unwrap()];
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("aria-labelledby=\"tl_title tl_desc\""));
    assert!(svg.contains("<title id=\"tl_title\">"));
    assert!(svg.contains("<desc id=\"tl_desc\">"));
    // One bar per goal of the public build, each ended by the mark of its outcome.
    assert_eq!(svg.matches("class=\"tl-bar\"").count(), 8);
    for outcome in ["achieved", "partial", "missed", "dropped", "superseded"] {
        assert!(
            svg.contains(&format!("class=\"tl-goal tl-{outcome}\"")),
            "{outcome}"
        );
        assert!(
            svg.contains(&format!(">{outcome}</text>")),
            "{outcome} in words"
        );
    }
    // Shapes, not colours: a circle, a diamond, a cross, a square, a triangle.
    assert!(svg.contains("<circle class=\"tl-mark\""));
    assert!(svg.contains("<rect class=\"tl-mark\""));
    assert!(svg.contains("<path class=\"tl-mark tl-stroke\""));
    assert!(svg.matches("<path class=\"tl-mark\"").count() >= 2);
    // The table alternative comes right after.
    let after = &home[svg_start..];
    assert!(after.contains("<summary>The timeline as a table</summary>"));
    assert!(after.contains("<th scope=\"row\"><a href=\"/goals/automated-release/\">"));
    // The ended mentorship says what was aimed for and what was achieved.
    assert!(home.contains("What was aimed for, what was achieved"));
    assert!(home.contains("<strong>4</strong> of 8 goals achieved"));
}

#[test]
fn session_pages_show_what_the_issue_lists() {
    let site = example(&[]);
    let page = site.read("sessions/2026-03-18-after-sprint-1/index.html");
    for needle in [
        "<span class=\"touch\">updated</span>",
        "<span class=\"touch\">new</span>",
        "<span class=\"touch\">closed</span>",
        "href=\"/goals/automated-release/\"",
        // `#41` links to issue 41 of the repository, and to its history here.
        "<a href=\"https://github.com/northmoor-coastal/tideflow/issues/41\">#41</a>",
        "href=\"/backlog/#item-41\"",
        "Reflection on the mentorship",
        "<span class=\"direction direction-continue\">continue</span>",
        "rel=\"prev\" href=\"/sessions/2026-03-04-kickoff/\"",
        "rel=\"next\" href=\"/sessions/2026-05-06-halfway-review/\"",
        "<span class=\"impact impact-high\">high impact</span>",
        "href=\"/people/amara-okonkwo/\"",
        "href=\"/tags/release/\"",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
    // Weaknesses in priority order.
    let first = page.find("MPI tests timed out").unwrap();
    let second = page.find("Median time to first review is down").unwrap();
    assert!(first < second);
}

#[test]
fn goal_pages_show_the_whole_supersession_chain() {
    let site = several_goals_chain();
    let out = site.path("public");
    let middle = std::fs::read_to_string(out.join("goals/b/index.html")).unwrap();
    let chain = &middle[middle.find("<ol class=\"chain\">").expect("a chain")..];
    let chain = &chain[..chain.find("</ol>").unwrap()];
    let a = chain.find("/goals/a/").expect("the goal it replaced");
    let b = chain.find("(this goal)").expect("itself");
    let c = chain.find("/goals/c/").expect("the goal that replaced it");
    assert!(a < b && b < c, "{chain}");
    // Transitively, from either end.
    let first = std::fs::read_to_string(out.join("goals/a/index.html")).unwrap();
    assert!(first.contains("href=\"/goals/c/\""), "a → b → c from a");
    let last = std::fs::read_to_string(out.join("goals/c/index.html")).unwrap();
    assert!(last.contains("href=\"/goals/a/\""), "a → b → c from c");
}

/// Goals `a`, superseded by `b`, superseded by `c`.
fn several_goals_chain() -> Site {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-02-04-chain.md",
        "---\ndate: 2026-02-04\nvisibility: public\ngoals:\n  - id: a\n    text: Goal A\n  - id: b\n    text: Goal B\n---\n",
    );
    site.write(
        "content/sessions/2026-02-18-chain.md",
        "---\ndate: 2026-02-18\nvisibility: public\ngoals:\n  - id: a\n    status: superseded\n    superseded_by: b\n  - id: c\n    text: Goal C\n  - id: b\n    status: superseded\n    superseded_by: c\n---\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    site
}

#[test]
fn note_headings_fit_under_the_page_headings() {
    let site = Site::valid();
    site.write(
        "content/sessions/2026-01-30-notes.md",
        "---\ndate: 2026-01-30\nkind: review\n---\n### Starts deep\n\n###### Skips\n\n# Main\n\n| | a |\n|---|:-:|\n| x | y |\n\n- [x] done\n- [ ] not yet\n\n![chart](https://cdn.example.org/chart.png)\n",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/sessions/2026-01-30-notes/index.html");
    let notes = &page[page.find("id=\"notes_h\"").unwrap()..];
    assert!(
        notes.contains("<h3 id=\"starts-deep\">Starts deep</h3>"),
        "{notes}"
    );
    assert!(notes.contains("<h4 id=\"skips\">Skips</h4>"), "{notes}");
    assert!(notes.contains("<h3 id=\"main\">Main</h3>"), "{notes}");
    // No inline style for alignment, labelled task boxes, no image from another host.
    assert!(
        notes.contains("<td class=\"align-center\">y</td>"),
        "{notes}"
    );
    assert!(notes.contains("aria-label=\"done\""));
    assert!(!notes.contains("<img src=\"https://"));
    assert!(notes.contains("href=\"https://cdn.example.org/chart.png\">chart</a>"));
    // The page's own ids cannot collide with a note heading's.
    assert_eq!(page.matches("id=\"main\"").count(), 1);
}

/// Audit finding 7: a note's heading ids that the theme uses itself (`main_content`, the
/// skip link's target; section headings; goal groups; the timeline picture) and ids of its
/// own footnotes get a suffix; every id on every page is unique.
#[test]
fn issue_7_heading_ids_do_not_collide_with_the_themes() {
    let site = Site::valid();
    let headings = "# Skip {#main_content}\n\n## Notes {#notes_h}\n\n## Fn {#fn}\n\n\
                    ## Active {#status_active}\n\n## Chart {#tl_title}\n\n## Search {#search_q}\n\n\
                    ## Fine {#my_section}\n\nA footnote.[^fn]\n\n[^fn]: The note.\n";
    site.write(
        "content/mentorship.md",
        format!("{}{headings}", crate::site::MENTORSHIP),
    );
    site.write(
        "content/sessions/2026-01-30-notes.md",
        format!("---\ndate: 2026-01-30\nkind: review\n---\n{headings}"),
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.path("public");
    for (path, html) in html_files(&out) {
        let mut seen = HashSet::new();
        for part in html.split(" id=\"").skip(1) {
            let id = &part[..part.find('"').unwrap()];
            assert!(seen.insert(id.to_owned()), "{path}: id `{id}` twice");
        }
        // The skip link lands on <main>.
        assert!(html.contains("<main id=\"main_content\""), "{path}");
    }
    let page = site.read("public/sessions/2026-01-30-notes/index.html");
    for id in [
        "main_content-1",
        "notes_h-1",
        "fn-1",
        "status_active-1",
        "tl_title-1",
        "search_q-1",
        // An author id the theme does not use stays as written.
        "my_section",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}: {page}");
    }
    assert!(page.contains("class=\"footnote-definition\" id=\"fn\""));
    let home = site.read("public/index.html");
    assert!(home.contains("id=\"main_content-1\""));
}

// ---------------------------------------------------------------------------------------
// Feed, sitemap, search

/// The elements' texts of an XML document, as (path of names, text), and whether it is
/// well-formed.
fn xml_texts(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                path.push(e.name().as_ref().to_owned());
            }
            Ok(Event::Empty(e)) => {
                let name = e.name().as_ref().to_owned();
                for a in e.attributes() {
                    let a = a.expect("a well-formed attribute");
                    out.push((
                        format!("{}/{name}@{}", path.join("/"), a.key.as_ref()),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    ));
                }
            }
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(Event::Text(t)) => {
                let text = t.xml10_content().into_owned();
                let text = quick_xml::escape::unescape(&text).unwrap().into_owned();
                if !text.trim().is_empty() {
                    out.push((path.join("/"), text));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let name = (*r).to_owned();
                out.push((path.join("/"), format!("&{name};")));
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
            Ok(_) => {}
        }
    }
    assert!(path.is_empty(), "unclosed elements: {path:?}");
    out
}

#[test]
fn the_feed_is_atom_with_absolute_urls_newest_first_and_limited() {
    let site = example(&["--base-url", "https://example.org/log/"]);
    let feed = site.read("feed.xml");
    let texts = xml_texts(&feed);
    let get = |p: &str| -> Vec<&str> {
        texts
            .iter()
            .filter(|(k, _)| k == p)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(get("feed/id"), ["https://example.org/log/"]);
    assert_eq!(get("feed/updated"), ["2026-06-17T00:00:00Z"]);
    let updated = get("feed/entry/updated");
    assert_eq!(
        updated,
        [
            "2026-06-17T00:00:00Z",
            "2026-05-27T00:00:00Z",
            "2026-05-06T00:00:00Z",
            "2026-03-18T00:00:00Z",
            "2026-03-04T00:00:00Z"
        ],
        "public sessions only, newest first, dated by the session"
    );
    for link in get("feed/entry/link@href") {
        assert!(
            link.starts_with("https://example.org/log/sessions/"),
            "{link}"
        );
    }
    assert!(get("feed/link@href").contains(&"https://example.org/log/feed.xml"));
    // feed.limit
    let dir = tempfile::tempdir().unwrap();
    let site2 = Site::valid();
    site2.write("mentorlog.toml", "[feed]\nlimit = 1\n");
    build(site2.root(), &dir.path().join("out"), &[]);
    let small = std::fs::read_to_string(dir.path().join("out/feed.xml")).unwrap();
    assert_eq!(small.matches("<entry>").count(), 1);
    assert!(small.contains("2026-01-21T00:00:00Z"), "the newest one");
}

#[test]
fn the_sitemap_lists_every_page_with_absolute_urls() {
    let site = example(&["--base-url", "https://example.org/log/"]);
    let texts = xml_texts(&site.read("sitemap.xml"));
    let locs: Vec<&str> = texts
        .iter()
        .filter(|(k, _)| k == "urlset/url/loc")
        .map(|(_, v)| v.as_str())
        .collect();
    let pages: Vec<String> = html_files(&site.out)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != "404.html")
        .collect();
    assert_eq!(locs.len(), pages.len());
    for loc in &locs {
        let rel = loc
            .strip_prefix("https://example.org/log/")
            .unwrap_or_else(|| panic!("{loc} is not absolute under the base URL"));
        assert!(
            site.out.join(format!("{rel}index.html")).is_file(),
            "{loc} has no page"
        );
    }
}

/// Audit finding 8: a sitemap needs absolute URLs. Without an absolute base URL no
/// `sitemap.xml` is written (`--verbose` says why); with one, every `<loc>` is absolute.
#[test]
fn issue_8_no_sitemap_without_an_absolute_base_url() {
    let site = Site::valid();
    for base in [
        None,
        Some("/"),
        Some("/log/"),
        Some("//example.org/"),
        Some("example.org"),
    ] {
        let mut args = vec!["--verbose", "build"];
        if let Some(base) = base {
            args.extend(["--base-url", base]);
        }
        let o = site.run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            !site.path("public/sitemap.xml").exists(),
            "{base:?}: a sitemap of relative URLs"
        );
        assert!(
            stderr(&o).contains("sitemap.xml: not written"),
            "{base:?}: {}",
            stderr(&o)
        );
        assert!(site.path("public/feed.xml").is_file());
    }
    let o = site.run(&[
        "--verbose",
        "build",
        "--base-url",
        "https://example.org/log/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("sitemap.xml: not written"));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset"));
    let locs: Vec<String> = xml_texts(&sitemap)
        .into_iter()
        .filter(|(path, _)| path.ends_with("/loc"))
        .map(|(_, text)| text)
        .collect();
    assert!(!locs.is_empty());
    for loc in locs {
        assert!(loc.starts_with("https://example.org/log/"), "{loc}");
    }
    // Built again without the base URL: the old sitemap goes.
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!site.path("public/sitemap.xml").exists());
}

#[test]
fn search_is_a_form_a_script_and_an_index_of_what_is_published() {
    let site = example(&[]);
    let page = site.read("search/index.html");
    // Without JavaScript: a form and where to browse instead.
    assert!(page.contains("<form class=\"search-form\" role=\"search\" action=\"/search/\""));
    assert!(page.contains("data-index=\"/search/index.json\""));
    assert!(page.contains("Search needs JavaScript"));
    assert!(page.contains("<script src=\"/search.js\" defer></script>"));
    assert!(site.out.join("search.js").is_file());
    let index = crate::search::Index::read(&site.out);
    let sessions = index.docs.iter().filter(|d| d[0] == "session").count();
    assert_eq!(sessions, 5, "the public sessions only");
    assert!(index.docs.iter().all(|d| {
        let url = d[2].as_str().unwrap();
        site.out
            .join(url.trim_start_matches('/'))
            .join("index.html")
            .is_file()
    }));
    // The withheld sessions' words are in no file of it.
    for (path, text) in index.files() {
        assert!(
            !text.contains("too much on one person"),
            "a confidential title in {path}"
        );
        assert!(
            !text.contains("a deadline week and a new student"),
            "a team title in {path}"
        );
    }
    // Its words find their pages.
    let kickoff = index
        .docs
        .iter()
        .position(|d| d[2] == "/sessions/2026-03-04-kickoff/")
        .unwrap();
    assert!(index.finds("tideflow").contains(&kickoff));
}

#[test]
fn search_can_be_switched_off() {
    let site = Site::valid();
    site.write("mentorlog.toml", "[search]\nenabled = false\n");
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for gone in ["search", "search-index.json", "search.js"] {
        assert!(!site.path("public").join(gone).exists(), "{gone}");
    }
    assert!(!site.read("public/index.html").contains("/search/"));
}

// ---------------------------------------------------------------------------------------
// Several mentorships, themes, templates

#[test]
fn several_mentorships_each_live_under_their_prefix() {
    let site = several();
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "index.html",
        "m/alpha/index.html",
        "m/alpha/sessions/2026-01-07-kickoff/index.html",
        "m/alpha/goals/fast-reviews/index.html",
        "m/alpha/recurring/index.html",
        "m/alpha/backlog/index.html",
        "m/alpha/people/bo-member/index.html",
        "m/alpha/print/index.html",
        "m/beta/index.html",
        "m/beta/sessions/2026-02-04-kickoff/index.html",
        "search/index.html",
        "feed.xml",
    ] {
        assert!(site.path("public").join(page).is_file(), "{page}");
    }
    // No base URL, no sitemap (audit finding 8).
    assert!(!site.path("public/sitemap.xml").exists());
    let index = site.read("public/index.html");
    assert!(index.contains("href=\"/m/alpha/\">Mentoring the Otters</a>"));
    assert!(index.contains("href=\"/m/beta/\">Mentoring the Badgers</a>"));
    assert!(
        index.contains("<li><strong>2</strong> sessions</li>"),
        "{index}"
    );
    // Each mentorship's pages link within it.
    let alpha = site.read("public/m/alpha/sessions/2026-01-21-sprint-1/index.html");
    assert!(alpha.contains("href=\"/m/alpha/goals/\""));
    assert!(alpha.contains("href=\"/m/alpha/sessions/2026-01-07-kickoff/\""));
    assert!(
        !alpha.contains("href=\"/m/beta/"),
        "a page of alpha links into beta"
    );
    // The feed holds the sessions of both, newest first.
    let feed = site.read("public/feed.xml");
    let beta = feed.find("/m/beta/sessions/2026-02-04-kickoff/").unwrap();
    let alpha = feed.find("/m/alpha/sessions/2026-01-21-sprint-1/").unwrap();
    assert!(beta < alpha);
}

/// Teams are called Search, People, Tags, Goals, Print …: no folder name is off limits.
/// Each mentorship lives under `/m/`, which no site-wide page uses.
#[test]
fn mentorships_may_be_named_like_the_sites_own_pages() {
    let names = [
        "search",
        "people",
        "tags",
        "goals",
        "print",
        "sessions",
        "feed.xml",
        "log.json",
        "404.html",
        "style.css",
        "m",
    ];
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    for (i, name) in names.iter().enumerate() {
        let team = format!("Team {name}");
        site.write(
            &format!("content/{name}/mentorship.md"),
            MENTORSHIP
                .replace("Mentoring the Otters", &format!("Mentoring {name}"))
                .replace("Team Otter", &team),
        );
        site.write(
            &format!("content/{name}/sessions/2026-01-07-kickoff.md"),
            KICKOFF,
        );
        if i % 2 == 0 {
            site.write(
                &format!("content/{name}/sessions/2026-01-21-sprint-1.md"),
                SECOND,
            );
        }
    }
    // A static file of the site, beside the theme's.
    site.write("static/people.txt", "the people file");
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = site.path("public");
    for (name, slug) in names.iter().map(|n| (n, n.replace('.', "-"))) {
        let home = site.read(&format!("public/m/{slug}/index.html"));
        assert!(home.contains(&format!("Mentoring {name}")), "{name}");
        assert!(
            out.join(format!("m/{slug}/people/bo-member/index.html"))
                .is_file(),
            "{name}"
        );
    }
    // The site's own pages are still the site's.
    let search = site.read("public/search/index.html");
    assert!(search.contains("<h1>Search</h1>"), "{}", main_of(&search));
    assert!(site.read("public/feed.xml").starts_with("<?xml"));
    assert!(site.read("public/log.json").starts_with('{'));
    assert!(site.read("public/style.css").len() > 1000);
    assert_eq!(site.read("public/people.txt"), "the people file");
    let index = site.read("public/index.html");
    for name in names {
        assert!(index.contains(&format!("Mentoring {name}</a>")), "{name}");
    }
    let problems = check_links(&out, "");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // And under a base path.
    let based = tempfile::tempdir().unwrap();
    build(
        site.root(),
        &based.path().join("site"),
        &["--base-url", "/log/"],
    );
    let problems = check_links(&based.path().join("site"), "/log");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Real collisions are still reported: two sessions whose file names make one page, and
/// two mentorship folders whose names make one prefix.
#[test]
fn names_that_make_the_same_page_are_an_error() {
    let site = several();
    std::fs::rename(site.path("content/beta"), site.path("content/search")).unwrap();
    site.write(
        "content/search/sessions/2026_02_04 KICKOFF.md",
        KICKOFF.replace("2026-01-07", "2026-02-05"),
    );
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("two sessions would be written to the same page `/m/search/sessions/2026-02-04-kickoff/`"),
        "{}",
        stderr(&o)
    );
    assert!(!site.path("public").exists());

    let site = several();
    std::fs::rename(site.path("content/beta"), site.path("content/Alpha!")).unwrap();
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("this mentorship would be written to `/m/alpha/`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn themes_and_site_templates_override_in_layers() {
    let site = Site::valid();
    site.write("mentorlog.toml", "theme = \"plain\"\n");
    // The theme replaces a page and a static file and adds its own file.
    site.write(
        "themes/plain/templates/goals.html",
        "{% extends \"base.html\" %}{% block main %}<h1>THEME GOALS {{ m.counts.goals }}</h1>{% endblock main %}",
    );
    site.write(
        "themes/plain/templates/goal.html",
        "{% extends \"base.html\" %}{% block main %}<h1>THEME GOAL</h1>{% endblock main %}",
    );
    site.write("themes/plain/static/style.css", "/* plain */");
    site.write("themes/plain/static/extra.txt", "extra");
    // The site's own templates win over the theme's.
    site.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}{% block main %}<h1>SITE GOAL {{ goal.id }}</h1>{% endblock main %}",
    );
    // A partial used by many pages.
    site.write(
        "templates/status.html",
        "<b class=\"status\">[{{ status }}]</b>",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        site.read("public/goals/index.html")
            .contains("THEME GOALS 3")
    );
    assert!(
        site.read("public/goals/fast-reviews/index.html")
            .contains("SITE GOAL fast-reviews")
    );
    assert_eq!(site.read("public/style.css"), "/* plain */");
    assert_eq!(site.read("public/extra.txt"), "extra");
    // Pages the theme does not override come from the built-in default, with the partial.
    let home = site.read("public/index.html");
    assert!(home.contains("<b class=\"status\">[active]</b>"), "{home}");
    // The navigation partial, rendered once for many pages, still follows each page.
    site.write(
        "templates/nav.html",
        "<nav class=\"mine\">{{ section }}|{{ current }}|{% for i in nav %}{{ i.key }} {% endfor %}</nav>",
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sessions = site.read("public/sessions/index.html");
    assert!(
        sessions.contains("<nav class=\"mine\">sessions|/sessions/|home next sessions "),
        "{sessions}"
    );
    let goal = site.read("public/goals/fast-reviews/index.html");
    assert!(
        goal.contains("<nav class=\"mine\">goals||home next sessions "),
        "{goal}"
    );
    assert!(
        site.read("public/index.html")
            .contains("<nav class=\"mine\">home|/|")
    );
    // An unknown theme is an error that names it.
    site.write("mentorlog.toml", "theme = \"nope\"\n");
    let o = site.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("there is no theme `nope`"));
}

#[test]
fn the_example_builds_the_same_twice() {
    let a = example(&[]);
    let b = example(&[]);
    assert_eq!(files(&a.out), files(&b.out));
}

// ---------------------------------------------------------------------------------------
// The browser

/// What the browser checks need, or what is missing.
fn browser_tools() -> Result<(), String> {
    let mut missing = Vec::new();
    let have = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("node", "--version") {
        missing.push("node");
    }
    if !have("java", "-version") {
        missing.push("java");
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        missing.push("chromium");
    }
    let modules = repo().join("tests/browser/node_modules");
    for m in ["playwright-core", "axe-core", "vnu-jar"] {
        if !modules.join(m).is_dir() {
            missing.push(m);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join(", "))
    }
}

#[test]
fn pages_pass_the_browser_checks() {
    if let Err(missing) = browser_tools() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser checks need {missing} (CI installs them: see .ci/run)"
        );
        eprintln!(
            "skipping the browser checks: {missing} missing (run `npm ci` in tests/browser, install chromium and a Java runtime)"
        );
        return;
    }
    let root = tempfile::tempdir().unwrap();
    build(
        repo(),
        &root.path().join("example"),
        &["--base-url", "/example/"],
    );
    let several = several();
    build(
        several.root(),
        &root.path().join("several"),
        &["--base-url", "/several/"],
    );
    let odd = odd();
    build(
        odd.root(),
        &root.path().join("odd"),
        &["--base-url", "/odd/"],
    );
    // Nothing published: a confidential mentorship, then a public one whose sessions
    // are all confidential.
    // The example in German: longer words, the same checks (issue 18).
    let german = crate::i18n::example_with("language = \"de\"\n");
    build(
        german.root(),
        &root.path().join("de"),
        &["--base-url", "/de/"],
    );
    let hidden = Site::valid();
    hidden.write(
        "content/mentorship.md",
        MENTORSHIP.replace(
            "default_visibility: public",
            "default_visibility: confidential",
        ),
    );
    build(
        hidden.root(),
        &root.path().join("hidden"),
        &["--base-url", "/hidden/"],
    );
    let quiet = Site::valid();
    quiet.write(
        "content/mentorship.md",
        MENTORSHIP.replace(
            "default_visibility: public",
            "default_visibility: confidential\nvisibility: public",
        ),
    );
    build(
        quiet.root(),
        &root.path().join("quiet"),
        &["--base-url", "/quiet/"],
    );
    let o = Command::new("node")
        .arg(repo().join("tests/browser/site-check.mjs"))
        .arg(root.path())
        .arg("--netlify")
        .arg(repo().join("netlify.toml"))
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&o), stderr(&o));
    assert!(o.status.success(), "the browser checks failed:\n{report}");
    assert!(report.contains("no problems"), "{report}");
    eprintln!("{report}");
}

// ---------------------------------------------------------------------------------------
// log.json

/// A JSON value that refuses an object with the same key twice.
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = NoDuplicateKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut seen = HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    map.next_value::<NoDuplicateKeys>()?;
                }
                Ok(NoDuplicateKeys)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
                Ok(NoDuplicateKeys)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(NoDuplicateKeys)
            }
        }
        d.deserialize_any(V)
    }
}

#[test]
fn log_json_is_the_documented_model_with_unique_keys() {
    let site = example(&[]);
    let text = site.read("log.json");
    serde_json::from_str::<NoDuplicateKeys>(&text).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["audience"], "public");
    let m = &v["mentorships"][0];
    let s = &m["sessions"][1];
    // Derived values next to the front matter as written (docs/log-json.md).
    assert_eq!(s["number"], 2);
    assert_eq!(
        s["display_title"],
        "After sprint 1 — from checklist to workflow"
    );
    assert_eq!(s["effective_visibility"], "public");
    assert!(
        s["next"].is_null(),
        "the next meeting announced was withheld: its date is a trace"
    );
    assert_eq!(m["sessions"][0]["next"], "2026-03-18", "as written");
    assert_eq!(
        s["next_session"], 2,
        "the index of the next published session"
    );
    assert_eq!(s["prev_session"], 0);
    assert!(m["tags"][0].is_string());
    assert!(m["tag_groups"][0]["sessions"].is_array());
    for key in [
        "goals",
        "weaknesses",
        "strengths",
        "backlog",
        "backlog_items",
        "people",
    ] {
        assert!(m[key].is_array(), "{key}");
    }
}

#[test]
fn the_example_leaves_no_trace_of_its_withheld_sessions() {
    let site = example(&[]);
    // The team session of 1 April and the confidential one of 22 April.
    for (path, bytes) in files(&site.out) {
        let text = String::from_utf8_lossy(&bytes);
        for trace in [
            "2026-04-01",
            "1 April 2026",
            "2026-04-22",
            "22 April 2026",
            "a deadline week and a new student",
            "too much on one person",
        ] {
            assert!(!text.contains(trace), "{path} mentions {trace}");
        }
    }
}

/// A weakness named for years gathers many goals; a session page names a few of them, those
/// live at that session first, and counts the rest (the recurring page lists them all).
#[test]
fn a_session_names_a_few_of_the_goals_addressing_a_weakness() {
    let site = Site::valid();
    let goals: String = (1..=7)
        .map(|n| {
            format!(
                "  - id: g{n}\n    text: Goal number {n}\n    owner: Bo Member\n    due: 2026-06-01\n    measure: done\n    addresses: [slow-reviews]\n"
            )
        })
        .collect();
    site.write(
        "content/sessions/2026-02-04-sprint-2.md",
        format!(
            "---\ndate: 2026-02-04\nsprint: 2\nweaknesses:\n  - id: slow-reviews\n    text: Reviews still slow\n    impact: high\ngoals:\n  - id: fast-reviews\n    status: achieved\n  - id: small-prs\n    status: active\n  - id: pairing\n    status: active\n{goals}---\nMany goals.\n"
        ),
    );
    let o = site.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.read("public/sessions/2026-02-04-sprint-2/index.html");
    let addressed = page
        .split("<span class=\"addressed\">")
        .nth(1)
        .and_then(|s| s.split("</span>").next())
        .unwrap_or_default();
    // Eight goals address it: fast-reviews (live, closed here) and g1–g7 (new here).
    assert_eq!(
        addressed.matches("<a href=\"/goals/").count(),
        5,
        "{addressed}"
    );
    assert!(addressed.contains("/goals/fast-reviews/"), "{addressed}");
    assert!(
        addressed.contains("3 more</a>") && addressed.contains("href=\"/recurring/#"),
        "{addressed}"
    );
    // The recurring page lists all of them.
    let recurring = site.read("public/recurring/index.html");
    for n in 1..=7 {
        assert!(recurring.contains(&format!("/goals/g{n}/")), "g{n}");
    }
}
