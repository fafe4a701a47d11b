//! Writes a deterministic corpus of realistic session notes, for benchmarks.
//!
//! `cargo run --release --example corpus -- DIR NOTES [MENTORSHIPS] [--hugo]` writes
//! `DIR/content/<team>/mentorship.md` and `NOTES` session notes spread over the
//! mentorships (with `--hugo`, the same notes in Hugo's layout, with a minimal Hugo theme
//! that renders the same fields, a list page and tag pages): goals introduced, carried forward and closed (some superseded), weaknesses
//! that recur, backlog changes with issue references, tags, people, a mix of visibilities,
//! and 1–3 KB Markdown bodies with tables and links to earlier notes.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (SplitMix64), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PEOPLE: &[&str] = &[
    "Amara Okonkwo",
    "Yuki Tanabe",
    "Priya Raghunathan",
    "Mateus Ferreira",
    "Lars Eriksen",
    "Noor Haddad",
    "Sofia Lindqvist",
    "Kwame Mensah",
    "Elena Petrova",
    "Diego Alvarez",
    "Mei Chen",
    "Tomás Ortega",
];
const WEAKNESSES: &[(&str, &str)] = &[
    ("slow-reviews", "Pull requests wait days for a first review"),
    (
        "flaky-ci",
        "The MPI test job fails at random on the shared runners",
    ),
    ("bus-factor", "Only one person can cut a release"),
    ("scope-creep", "Sprint goals grow after planning"),
    ("docs-drift", "The API docs describe an older version"),
    (
        "untested-kernels",
        "Numerical kernels have no regression tests",
    ),
    (
        "unclear-priorities",
        "Nobody can say which issue matters most",
    ),
    ("long-meetings", "Stand-ups run over twenty minutes"),
];
const STRENGTHS: &[&str] = &[
    "Benchmarks run on every merge",
    "Retrospectives are written down",
    "Users get answers within a day",
    "Reviews are kind and specific",
];
const GOALS: &[&str] = &[
    "Review every pull request within one working day",
    "Run the MPI tests on a dedicated runner",
    "Automate the release from tag to PyPI",
    "Cover the advection kernel with regression tests",
    "Write an onboarding guide for new students",
    "Keep sprint scope fixed after planning",
    "Publish versioned API docs on every release",
    "Pair on the core solver once a week",
];
const TAGS: &[&str] = &[
    "ci",
    "reviews",
    "release",
    "testing",
    "docs",
    "process",
    "onboarding",
    "hpc",
];
const STATUSES_OPEN: &[&str] = &["active", "active", "active", "blocked", "proposed"];
const STATUSES_CLOSED: &[&str] = &["achieved", "achieved", "partial", "missed", "dropped"];

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let hugo = args.iter().any(|a| a == "--hugo");
    let warnings = args.iter().any(|a| a == "--warnings");
    args.retain(|a| a != "--hugo" && a != "--warnings");
    let (Some(dir), Some(notes)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: corpus DIR NOTES [MENTORSHIPS] [--hugo] [--warnings]");
        std::process::exit(2);
    };
    let mentorships = args
        .get(3)
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or((notes / 100).max(1));
    let layout = if hugo {
        Layout::Hugo
    } else {
        Layout::Mentorlog
    };
    write_corpus(
        Path::new(dir),
        notes,
        mentorships,
        layout,
        if warnings {
            Style::Careless
        } else {
            Style::Careful
        },
    );
}

/// How carefully the notes are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Every note follows the guidance: no warnings.
    Careful,
    /// As teams write when in a hurry: about three warnings a note (goals without a
    /// measure or due date, no questions prepared, a weakness without impact, a backlog
    /// change that serves no goal).
    Careless,
}

/// Whose folder layout to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `content/<team>/mentorship.md` and `content/<team>/sessions/*.md`.
    Mentorlog,
    /// `content/sessions/<team>-*.md`, `hugo.toml` and `layouts/`.
    Hugo,
}

/// Writes `notes` session notes over `mentorships` mentorships under `dir`, in `layout`.
pub fn write_corpus(dir: &Path, notes: usize, mentorships: usize, layout: Layout, style: Style) {
    let careless = style == Style::Careless;
    if layout == Layout::Hugo {
        write_hugo_site(dir);
    }
    let mut rng = Rng(42);
    for m in 0..mentorships {
        let count = notes / mentorships + usize::from(m < notes % mentorships);
        let folder = dir.join("content").join(format!("team-{m:03}"));
        let sessions_dir = match layout {
            Layout::Mentorlog => folder.join("sessions"),
            Layout::Hugo => dir.join("content").join("sessions"),
        };
        std::fs::create_dir_all(&sessions_dir).unwrap();
        let members: Vec<&str> = (0..5).map(|i| PEOPLE[(m + i) % PEOPLE.len()]).collect();
        let mentor = PEOPLE[(m + 7) % PEOPLE.len()];
        let mentorship = format!(
            "---\ntitle: Mentoring team {m}\nmentee: Team {m}\nmentors:\n  - name: {mentor}\n    role: lead mentor\n\
             members: [{}]\nstarted: 2020-01-01\ndefault_visibility: public\nvisibility: public\n\
             repo: https://example.org/team-{m}/app\ncadence: every two weeks\nmin_goals: 3\n---\n\
             We meet every two weeks after the sprint retrospective.\n",
            members.join(", ")
        );
        if layout == Layout::Mentorlog {
            std::fs::write(folder.join("mentorship.md"), mentorship).unwrap();
        }
        // Open goals carried forward: (id, text index).
        let mut open: Vec<(String, usize)> = Vec::new();
        let mut next_goal = 0usize;
        let mut previous: Option<String> = None;
        for s in 0..count {
            let day = s * 14;
            let date = date_after_2020(day);
            let slug = format!("{date}-sprint-{}", s + 1);
            let visibility = match rng.below(10) {
                0 => "confidential",
                1 => "team",
                _ => "public",
            };
            let mut fm = String::new();
            let _ = writeln!(
                fm,
                "---\ndate: {date}\ntitle: After sprint {}\nsprint: {}\nvisibility: {visibility}",
                s + 1,
                s + 1
            );
            let attendees: Vec<&str> = members
                .iter()
                .copied()
                .filter(|_| rng.below(5) > 0)
                .collect();
            let _ = writeln!(fm, "attendees: [{}]", attendees.join(", "));
            let _ = writeln!(
                fm,
                "strengths:\n  - {}\n  - {}",
                rng.pick(STRENGTHS),
                rng.pick(STRENGTHS)
            );
            fm.push_str("weaknesses:\n");
            let first = rng.below(WEAKNESSES.len());
            for (k, impact) in ["high", "medium", "low"].iter().enumerate() {
                let (id, text) = WEAKNESSES[(first + k * 3) % WEAKNESSES.len()];
                if careless && k == 2 && rng.below(10) > 0 {
                    let _ = writeln!(fm, "  - id: {id}\n    text: {text}");
                } else {
                    let _ = writeln!(fm, "  - id: {id}\n    text: {text}\n    impact: {impact}");
                }
            }
            if !(careless && rng.below(2) == 0) {
                let _ = writeln!(
                    fm,
                    "questions:\n  - text: How do other teams handle this?\n    addresses: {}",
                    WEAKNESSES[first].0
                );
            }
            fm.push_str("goals:\n");
            let mut touched = Vec::new();
            // Carry every open goal forward; close some.
            let carried: Vec<(String, usize)> = std::mem::take(&mut open);
            for (id, text) in carried {
                if rng.below(4) == 0 {
                    let status = rng.pick(STATUSES_CLOSED);
                    let _ = writeln!(
                        fm,
                        "  - id: {id}\n    status: {status}\n    note: Closed after review."
                    );
                } else {
                    let status = rng.pick(STATUSES_OPEN);
                    let health = ["on-track", "at-risk", "off-track"][rng.below(3)];
                    let _ = writeln!(
                        fm,
                        "  - id: {id}\n    status: {status}\n    health: {health}"
                    );
                    open.push((id.clone(), text));
                }
                touched.push(id);
            }
            // Careless teams keep fewer goals open, so that new ones (written vaguely)
            // come often.
            while open.len() < 3 || (careless && open.len() < 5 && rng.below(3) > 0) {
                let text = next_goal % GOALS.len();
                let id = format!("g{next_goal}");
                next_goal += 1;
                let (wid, _) = WEAKNESSES[(first + next_goal) % WEAKNESSES.len()];
                if careless {
                    let _ = writeln!(
                        fm,
                        "  - id: {id}\n    text: {}\n    owner: {}\n    addresses: [{wid}]",
                        GOALS[text],
                        members[next_goal % members.len()],
                    );
                } else {
                    let _ = writeln!(
                        fm,
                        "  - id: {id}\n    text: {}\n    owner: {}\n    due: sprint {}\n    measure: Checked at the next retrospective\n    addresses: [{wid}]",
                        GOALS[text],
                        members[next_goal % members.len()],
                        s + 3
                    );
                }
                open.push((id.clone(), text));
                touched.push(id);
            }
            fm.push_str("backlog:\n");
            let serves_none = careless && rng.below(3) == 0;
            for b in 0..2 {
                let goal = &touched[rng.below(touched.len())];
                let goal_line = if serves_none {
                    String::new()
                } else {
                    format!("\n    goal: {goal}")
                };
                let _ = writeln!(
                    fm,
                    "  - item: \"#{}\"\n    change: {}\n    before: {}\n    after: {}{goal_line}",
                    s * 2 + b + 1,
                    ["added", "reprioritised", "split", "done", "re-estimated"][rng.below(5)],
                    ["could", "should"][rng.below(2)],
                    ["must", "should"][rng.below(2)],
                );
            }
            let _ = writeln!(fm, "tags: [{}, {}]", rng.pick(TAGS), rng.pick(TAGS));
            fm.push_str("---\n");
            fm.push_str(&body(&mut rng, s, previous.as_deref(), &touched));
            let file = match layout {
                Layout::Mentorlog => format!("{slug}.md"),
                Layout::Hugo => format!("team-{m:03}-{slug}.md"),
            };
            std::fs::write(sessions_dir.join(file), fm).unwrap();
            // Only public notes are linked from later notes, so public builds link cleanly.
            if visibility == "public" {
                previous = Some(slug);
            }
        }
    }
}

/// A minimal Hugo site rendering the same fields: a page per note, a list page, tag pages.
fn write_hugo_site(dir: &Path) {
    let layouts = dir.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"/\"\ntitle = \"Mentoring log\"\nbuildFuture = true\ndisableKinds = [\"RSS\", \"sitemap\"]\n[taxonomies]\ntag = \"tags\"\n[markup.goldmark.renderer]\nunsafe = false\n",
    )
    .unwrap();
    let base = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>";
    std::fs::write(layouts.join("baseof.html"), base).unwrap();
    let single = r#"{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} · sprint {{ .Params.sprint }}</p>
<ul>{{ range .Params.attendees }}<li>{{ . }}</li>{{ end }}</ul>
<h2>Strengths</h2><ul>{{ range .Params.strengths }}<li>{{ . }}</li>{{ end }}</ul>
<h2>Weaknesses</h2><ol>{{ range .Params.weaknesses }}<li>{{ .text }} ({{ .impact }})</li>{{ end }}</ol>
<h2>Questions</h2><ul>{{ range .Params.questions }}<li>{{ .text }}</li>{{ end }}</ul>
<h2>Goals</h2><ul>{{ range .Params.goals }}<li>{{ .id }} {{ .text }} {{ .status }} {{ .owner }} {{ .due }}</li>{{ end }}</ul>
<h2>Backlog</h2><table>{{ range .Params.backlog }}<tr><td>{{ .item }}</td><td>{{ .change }}</td><td>{{ .before }}</td><td>{{ .after }}</td><td>{{ .goal }}</td></tr>{{ end }}</table>
<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
{{ .Content }}{{ end }}"#;
    std::fs::write(layouts.join("single.html"), single).unwrap();
    let list = r#"{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ol>{{ end }}"#;
    std::fs::write(layouts.join("list.html"), list).unwrap();
    std::fs::write(layouts.join("terms.html"), list).unwrap();
    std::fs::write(layouts.join("taxonomy.html"), list).unwrap();
}

fn body(rng: &mut Rng, s: usize, previous: Option<&str>, goals: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## What happened in sprint {}\n", s + 1);
    if let Some(p) = previous {
        let _ = writeln!(
            out,
            "We picked up where [the last session]({p}.md) left off.\n"
        );
    }
    for _ in 0..(2 + rng.below(4)) {
        let _ = writeln!(
            out,
            "The team discussed {} and agreed that {} needs attention before the next release. \
             Reviews were {} this sprint, and the benchmark suite stayed green on the shared runners. \
             See [the goal](goal:{}) for the plan.\n",
            rng.pick(TAGS),
            rng.pick(&[
                "the advection kernel",
                "the release script",
                "the docs build",
                "onboarding"
            ]),
            rng.pick(&["faster", "slower", "about as fast"]),
            goals[rng.below(goals.len())],
        );
    }
    out.push_str("| metric | before | after |\n|---|---|---|\n");
    for metric in ["review time (h)", "CI failures", "open issues"] {
        let _ = writeln!(out, "| {metric} | {} | {} |", rng.below(40), rng.below(40));
    }
    out.push_str("\n- [x] write the retrospective\n- [ ] update the roadmap\n");
    out
}

fn date_after_2020(days: usize) -> String {
    // 2020-01-01 is day 18,262 after 1970-01-01.
    mentorlog::date::Date::from_days_since_epoch(18_262 + days as i64).to_string()
}
