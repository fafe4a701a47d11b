//! The preview's invariant, by random edits: after every edit applied through the
//! incremental path, the served pages are byte-identical to a clean build of the same files
//! (or, when the files do not build, to the last clean build that did), and its diagnostics
//! (every error and warning, with its place) are a fresh host's.
//!
//! `MENTORLOG_SERVE_SEQUENCES=500 cargo test serve::property` runs more sequences (24 by
//! default); `MENTORLOG_SERVE_SEED=N` starts from another seed. A second test breaks the
//! analysis host's shortcuts on purpose and checks that this one catches them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use mentorlog::analysis::Fault;
use mentorlog::serve::change::{self, Changes};
use mentorlog::serve::rebuild::{Preview, clean_diagnostics, clean_render};

/// SplitMix64: small, seeded, and the same everywhere.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PEOPLE: &[&str] = &["Ada Mentor", "Bo Member", "Cy Member", "Di Member"];
const WEAKNESSES: &[(&str, &str)] = &[
    ("slow-reviews", "Reviews take a week"),
    ("flaky-ci", "CI fails at random"),
    ("bus-factor", "Only one person can release"),
];
const STATUSES: &[&str] = &["active", "blocked", "achieved", "dropped", "at-risk-typo"];
const VISIBILITIES: &[&str] = &["public", "team", "confidential"];
const WORDS: &[&str] = &[
    "reviews",
    "pairing",
    "release",
    "backlog",
    "sprint",
    "tests",
    "retro",
    "ownership",
];

/// One session note, as the test wants it written.
#[derive(Debug, Clone)]
struct NoteModel {
    date: (u32, u32),
    title: Option<String>,
    visibility: &'static str,
    attendees: Vec<&'static str>,
    weaknesses: Vec<usize>,
    /// Goals introduced here.
    intro: Vec<String>,
    /// Goals updated here, with a status.
    updates: Vec<(String, &'static str)>,
    tags: Vec<&'static str>,
    body: Vec<String>,
    /// Other notes linked from the body: (mentorship, file name).
    links: Vec<(usize, String)>,
    /// Written broken (invalid YAML) until fixed.
    broken: bool,
}

impl NoteModel {
    fn text(&self, dirs: &[String], own: usize) -> String {
        if self.broken {
            return format!(
                "---\ndate: 2026-{:02}-{:02}\ntitle: [unclosed\n---\nBroken on purpose.\n",
                self.date.0, self.date.1
            );
        }
        let mut t = String::from("---\n");
        let _ = writeln!(t, "date: 2026-{:02}-{:02}", self.date.0, self.date.1);
        if let Some(title) = &self.title {
            let _ = writeln!(t, "title: {title}");
        }
        let _ = writeln!(t, "visibility: {}", self.visibility);
        if !self.attendees.is_empty() {
            let _ = writeln!(t, "attendees: [{}]", self.attendees.join(", "));
        }
        if !self.tags.is_empty() {
            let _ = writeln!(t, "tags: [{}]", self.tags.join(", "));
        }
        if !self.weaknesses.is_empty() {
            t.push_str("weaknesses:\n");
            for &w in &self.weaknesses {
                let (id, text) = WEAKNESSES[w];
                let _ = writeln!(t, "  - id: {id}\n    text: {text}\n    impact: high");
            }
        }
        if !self.intro.is_empty() || !self.updates.is_empty() {
            t.push_str("goals:\n");
            for id in &self.intro {
                let _ = writeln!(
                    t,
                    "  - id: {id}\n    text: Goal {id} made specific\n    owner: Bo Member\n    due: 2026-12-31\n    measure: done when {id} is done"
                );
            }
            for (id, status) in &self.updates {
                let _ = writeln!(t, "  - id: {id}\n    status: {status}");
            }
        }
        t.push_str("questions:\n  - What next?\n---\n");
        for line in &self.body {
            let _ = writeln!(t, "{line}\n");
        }
        for (m, name) in &self.links {
            let link = if *m == own {
                name.clone()
            } else {
                // From content/A/sessions/ to content/B/sessions/.
                format!(
                    "../../{}sessions/{name}",
                    dirs[*m].trim_start_matches("content/")
                )
            };
            let _ = writeln!(t, "See [that session]({link}).\n");
        }
        if let Some(g) = self.intro.first() {
            let _ = writeln!(t, "Our goal: [{g}](goal:{g}).");
        }
        t
    }
}

struct MentorshipModel {
    dir: String,
    title: String,
    body: String,
    notes: BTreeMap<String, NoteModel>,
    next_goal: usize,
}

impl MentorshipModel {
    fn text(&self) -> String {
        format!(
            "---\ntitle: {}\nmentee: Team\nmentors: [Ada Mentor]\nmembers: [Bo Member, Cy Member]\nstarted: 2026-01-01\ndefault_visibility: team\n---\n{}\n",
            self.title, self.body
        )
    }
    fn note_path(&self, name: &str) -> String {
        format!("{}sessions/{name}", self.dir)
    }
}

pub(crate) struct World {
    root: PathBuf,
    pub(crate) rng: Rng,
    mentorships: Vec<MentorshipModel>,
    template: Option<String>,
    statics: Option<String>,
    config_title: Option<String>,
    /// Paths written by the last edit, relative to the root.
    pub(crate) touched: Vec<String>,
    pub(crate) log: Vec<String>,
}

impl World {
    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self.touched.push(rel.to_owned());
    }

    fn remove(&mut self, rel: &str) {
        let _ = std::fs::remove_file(self.root.join(rel));
        self.touched.push(rel.to_owned());
    }

    fn write_note(&mut self, m: usize, name: &str) {
        let dirs: Vec<String> = self.mentorships.iter().map(|m| m.dir.clone()).collect();
        let ms = &self.mentorships[m];
        let (path, text) = (ms.note_path(name), ms.notes[name].text(&dirs, m));
        self.write(&path, &text);
    }

    fn exists(&self, (m, name): &(usize, String)) -> bool {
        self.mentorships[*m].notes.contains_key(name)
    }

    fn new_note(&mut self, m: usize) -> (String, NoteModel) {
        let date = (1 + self.rng.below(11) as u32, 1 + self.rng.below(28) as u32);
        let ms = &self.mentorships[m];
        let mut name = format!(
            "2026-{:02}-{:02}-s{}.md",
            date.0,
            date.1,
            self.rng.below(1000)
        );
        while ms.notes.contains_key(&name) {
            name.insert(0, 'x');
        }
        // Goals introduced by earlier notes may be updated.
        let earlier: Vec<String> = ms
            .notes
            .values()
            .filter(|n| n.date < date && !n.broken)
            .flat_map(|n| n.intro.clone())
            .collect();
        let mut updates = Vec::new();
        if !earlier.is_empty() && self.rng.chance(60) {
            let id = self.rng.pick(&earlier).clone();
            let status = *self.rng.pick(&STATUSES[..4]);
            updates.push((id, status));
        }
        // Mostly to its own mentorship's notes, sometimes across mentorships.
        let target = if self.rng.chance(25) {
            self.rng.below(self.mentorships.len())
        } else {
            m
        };
        let others: Vec<String> = self.mentorships[target].notes.keys().cloned().collect();
        let links = if !others.is_empty() && self.rng.chance(40) {
            vec![(target, self.rng.pick(&others).clone())]
        } else {
            Vec::new()
        };
        let intro = if self.rng.chance(70) {
            let id = format!("g{}", self.mentorships[m].next_goal);
            self.mentorships[m].next_goal += 1;
            vec![id]
        } else {
            Vec::new()
        };
        let note = NoteModel {
            date,
            title: self
                .rng
                .chance(50)
                .then(|| format!("Meeting {}", self.rng.below(100))),
            visibility: VISIBILITIES[self.rng.below(VISIBILITIES.len())],
            attendees: (0..self.rng.below(3))
                .map(|_| *self.rng.pick(PEOPLE))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            weaknesses: (0..self.rng.below(3))
                .map(|i| i % WEAKNESSES.len())
                .collect(),
            intro,
            updates,
            tags: if self.rng.chance(30) {
                vec!["retro"]
            } else {
                Vec::new()
            },
            body: vec![format!("We talked about {}.", self.rng.pick(WORDS))],
            links,
            broken: false,
        };
        (name, note)
    }

    fn random_note(&mut self, m: usize) -> Option<String> {
        let names: Vec<String> = self.mentorships[m].notes.keys().cloned().collect();
        (!names.is_empty()).then(|| self.rng.pick(&names).clone())
    }

    /// One random edit, written to disk; its paths in `touched`.
    pub(crate) fn edit(&mut self) {
        self.touched.clear();
        let m = self.rng.below(self.mentorships.len());
        let what = self.rng.below(100);
        match what {
            0..=14 => {
                let (name, note) = self.new_note(m);
                self.log.push(format!("add {name}"));
                self.mentorships[m].notes.insert(name.clone(), note);
                self.write_note(m, &name);
            }
            15..=39 => {
                let Some(name) = self.random_note(m) else {
                    return;
                };
                let word = *self.rng.pick(WORDS);
                self.log.push(format!("edit body of {name}"));
                self.mentorships[m]
                    .notes
                    .get_mut(&name)
                    .unwrap()
                    .body
                    .push(format!("Then {word}."));
                self.write_note(m, &name);
            }
            40..=54 => {
                let Some(name) = self.random_note(m) else {
                    return;
                };
                let choice = self.rng.below(5);
                let date = (1 + self.rng.below(11) as u32, 1 + self.rng.below(28) as u32);
                let person = *self.rng.pick(PEOPLE);
                let status = *self.rng.pick(STATUSES);
                let visibility = VISIBILITIES[self.rng.below(VISIBILITIES.len())];
                self.log
                    .push(format!("edit front matter ({choice}) of {name}"));
                let note = self.mentorships[m].notes.get_mut(&name).unwrap();
                match choice {
                    0 => note.title = Some(format!("Retitled {}", date.1)),
                    1 => note.date = date,
                    2 => {
                        if !note.attendees.contains(&person) {
                            note.attendees.push(person);
                        }
                    }
                    3 => {
                        if let Some(u) = note.updates.first_mut() {
                            u.1 = status;
                        } else {
                            note.visibility = visibility;
                        }
                    }
                    _ => note.visibility = visibility,
                }
                self.write_note(m, &name);
            }
            55..=62 => {
                // Rename; most of the time the links to it are fixed in the same burst.
                let Some(name) = self.random_note(m) else {
                    return;
                };
                let new_name = format!("r{}-{name}", self.rng.below(100));
                let fix_links = self.rng.chance(75);
                self.log.push(format!(
                    "rename {name} → {new_name} (fix links: {fix_links})"
                ));
                let note = self.mentorships[m].notes.remove(&name).unwrap();
                let old_path = self.mentorships[m].note_path(&name);
                self.remove(&old_path);
                self.mentorships[m].notes.insert(new_name.clone(), note);
                self.write_note(m, &new_name);
                if fix_links {
                    let old = (m, name.clone());
                    for om in 0..self.mentorships.len() {
                        let linking: Vec<String> = self.mentorships[om]
                            .notes
                            .iter()
                            .filter(|(_, n)| n.links.contains(&old))
                            .map(|(k, _)| k.clone())
                            .collect();
                        for other in linking {
                            let note = self.mentorships[om].notes.get_mut(&other).unwrap();
                            for l in &mut note.links {
                                if *l == old {
                                    l.1.clone_from(&new_name);
                                }
                            }
                            self.write_note(om, &other);
                        }
                    }
                }
            }
            63..=68 => {
                let Some(name) = self.random_note(m) else {
                    return;
                };
                self.log.push(format!("delete {name}"));
                self.mentorships[m].notes.remove(&name);
                let path = self.mentorships[m].note_path(&name);
                self.remove(&path);
            }
            69..=78 => {
                // Break a note, or fix a broken one.
                let broken: Vec<String> = self.mentorships[m]
                    .notes
                    .iter()
                    .filter(|(_, n)| n.broken)
                    .map(|(k, _)| k.clone())
                    .collect();
                let name = if let Some(b) = broken.first() {
                    b.clone()
                } else if let Some(n) = self.random_note(m) {
                    n
                } else {
                    return;
                };
                let note = self.mentorships[m].notes.get_mut(&name).unwrap();
                note.broken = !note.broken;
                self.log.push(format!("broken={} {name}", note.broken));
                self.write_note(m, &name);
            }
            79..=86 => {
                // Override the session template, change the override, break it, drop it.
                let builtin = mentorlog::render::theme::builtin();
                let base =
                    String::from_utf8_lossy(&builtin.templates["session.html"].bytes).into_owned();
                let choice = self.rng.below(4);
                self.log.push(format!("template ({choice})"));
                match choice {
                    0 => {
                        self.template = None;
                        self.remove("templates/session.html");
                    }
                    1 => {
                        let t = base.replace(
                            "<article class=\"session\">",
                            &format!(
                                "<article class=\"session\" data-v=\"{}\">",
                                self.rng.below(9)
                            ),
                        );
                        self.template = Some(t.clone());
                        self.write("templates/session.html", &t);
                    }
                    2 => {
                        let t = base.replace("{% endblock main %}", "{% endblock main %}{% if");
                        self.write("templates/session.html", &t);
                    }
                    _ => {
                        let t = format!("{base}\n{{# {} #}}\n", self.rng.below(9));
                        self.template = Some(t.clone());
                        self.write("templates/session.html", &t);
                    }
                }
            }
            87..=91 => {
                let choice = self.rng.below(2);
                self.log.push(format!("static ({choice})"));
                if choice == 0 {
                    self.statics = None;
                    self.remove("static/extra.css");
                } else {
                    let css = format!("p {{ margin: {}px }}\n", self.rng.below(9));
                    self.statics = Some(css.clone());
                    self.write("static/extra.css", &css);
                }
            }
            92..=96 => {
                let choice = self.rng.below(2);
                self.log.push(format!("mentorship.md ({choice})"));
                if choice == 0 {
                    self.mentorships[m].title = format!("Mentoring {}", self.rng.below(50));
                } else {
                    let w = *self.rng.pick(WORDS);
                    self.mentorships[m]
                        .body
                        .push_str(&format!(" We agreed on {w}."));
                }
                let path = format!("{}mentorship.md", self.mentorships[m].dir);
                let text = self.mentorships[m].text();
                self.write(&path, &text);
            }
            _ => {
                let title = self
                    .rng
                    .chance(50)
                    .then(|| format!("Log {}", self.rng.below(9)));
                self.log.push(format!("config title {title:?}"));
                self.config_title.clone_from(&title);
                match title {
                    Some(t) => self.write("mentorlog.toml", &format!("title = \"{t}\"\n")),
                    None => self.write("mentorlog.toml", ""),
                }
            }
        }
    }

    /// Puts the site back in order, as an author fixing errors would: every note mended,
    /// links and goal updates that point nowhere removed, the template made valid.
    pub(crate) fn repair(&mut self) {
        self.touched.clear();
        self.log.push("repair".to_owned());
        if self
            .template
            .as_deref()
            .is_some_and(|t| t.contains("{% if"))
            || self.template.is_none()
        {
            self.remove("templates/session.html");
            self.template = None;
        }
        for m in 0..self.mentorships.len() {
            let names: Vec<String> = self.mentorships[m].notes.keys().cloned().collect();
            let intro_dates: BTreeMap<String, (u32, u32)> = self.mentorships[m]
                .notes
                .values()
                .flat_map(|n| n.intro.iter().map(|g| (g.clone(), n.date)))
                .collect();
            for name in names {
                let note = self.mentorships[m].notes.get_mut(&name).unwrap();
                let before = format!("{note:?}");
                note.broken = false;
                let date = note.date;
                note.updates
                    .retain(|(g, _)| intro_dates.get(g).is_some_and(|d| *d < date));
                for u in &mut note.updates {
                    if u.1 == "at-risk-typo" {
                        u.1 = "active";
                    }
                }
                if format!("{note:?}") != before {
                    self.write_note(m, &name);
                }
            }
            let with_dangling: Vec<(String, Vec<(usize, String)>)> = self.mentorships[m]
                .notes
                .iter()
                .filter(|(_, n)| n.links.iter().any(|l| !self.exists(l)))
                .map(|(k, n)| {
                    let kept = n.links.iter().filter(|l| self.exists(l)).cloned().collect();
                    (k.clone(), kept)
                })
                .collect();
            for (name, kept) in with_dangling {
                self.mentorships[m].notes.get_mut(&name).unwrap().links = kept;
                self.write_note(m, &name);
            }
        }
    }

    /// The changes the watcher would report for the last edit.
    fn changes(&self, theme: &str) -> Changes {
        let paths: Vec<PathBuf> = self.touched.iter().map(|p| self.root.join(p)).collect();
        change::classify(&self.root, theme, paths.iter().map(PathBuf::as_path))
    }
}

pub(crate) fn initial_world(root: &Path, seed: u64) -> World {
    let mut world = World {
        root: root.to_path_buf(),
        rng: Rng(seed),
        mentorships: Vec::new(),
        template: None,
        statics: None,
        config_title: None,
        touched: Vec::new(),
        log: Vec::new(),
    };
    let several = world.rng.chance(40);
    let dirs: &[&str] = if several { &["alpha/", "beta/"] } else { &[""] };
    for (i, dir) in dirs.iter().enumerate() {
        world.mentorships.push(MentorshipModel {
            dir: format!("content/{dir}"),
            title: format!("Mentoring {i}"),
            body: "We meet every two weeks.".to_owned(),
            notes: BTreeMap::new(),
            next_goal: 0,
        });
        let path = format!("content/{dir}mentorship.md");
        let text = world.mentorships[i].text();
        world.write(&path, &text);
        for _ in 0..3 + world.rng.below(4) {
            let (name, note) = world.new_note(i);
            world.mentorships[i].notes.insert(name.clone(), note);
            world.write_note(i, &name);
        }
    }
    world
}

fn first_difference(
    served: &BTreeMap<String, std::sync::Arc<[u8]>>,
    clean: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    for (path, bytes) in clean {
        match served.get(path) {
            None => return Some(format!("{path} is missing from the preview")),
            Some(b) if **b != **bytes => {
                let a = String::from_utf8_lossy(b);
                let c = String::from_utf8_lossy(bytes);
                let at = a
                    .bytes()
                    .zip(c.bytes())
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(c.len()));
                let from = at.saturating_sub(120);
                return Some(format!(
                    "{path} differs at byte {at}:\n  preview: {}\n  clean:   {}",
                    &a[a.floor_char_boundary(from)..a.floor_char_boundary((at + 120).min(a.len()))],
                    &c[c.floor_char_boundary(from)..c.floor_char_boundary((at + 120).min(c.len()))]
                ));
            }
            Some(_) => {}
        }
    }
    served
        .keys()
        .find(|p| !clean.contains_key(*p))
        .map(|p| format!("{p} is served but a clean build has no such page"))
}

/// A few pages a browser may have open: the home page, a session, a goal, a page that may
/// be about to go, a page that does not exist.
fn open_pages<'a>(
    world: &mut World,
    pages: impl Iterator<Item = &'a String>,
) -> std::collections::HashSet<String> {
    let pages: Vec<&String> = pages.collect();
    let mut open: std::collections::HashSet<String> = ["index.html", "no/such/index.html"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for _ in 0..3 {
        if !pages.is_empty() {
            open.insert(world.rng.pick(&pages).to_string());
        }
    }
    open
}

pub(crate) fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_edits_keep_the_preview_identical_to_a_clean_build() {
    let sequences = env_number("MENTORLOG_SERVE_SEQUENCES", 24);
    let first_seed = env_number("MENTORLOG_SERVE_SEED", 1);
    let steps = env_number("MENTORLOG_SERVE_STEPS", 14);
    edits_keep_the_preview_identical(&Preview::open, first_seed..first_seed + sequences, steps);
}

/// The test above catches the analysis host's shortcuts when they are broken on purpose:
/// a mentorship not linked again after an edit, pages of a changed model not rendered, an
/// edited note's warnings placed where its last text had them, a note's new body not put
/// into the history kept when nothing else of it changed.
#[test]
fn the_property_test_catches_broken_shortcuts() {
    for fault in [
        Fault::StaleLinks,
        Fault::NarrowPages,
        Fault::StalePlaces,
        Fault::StaleBodies,
    ] {
        let open = |root: &std::path::Path| Preview::open_faulty(root, fault);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            edits_keep_the_preview_identical(&open, 1..13, 14);
        }));
        assert!(caught.is_err(), "{fault:?} was not caught");
    }
}

/// With no page open in a browser, the page of the note just edited is still rendered and
/// handed over first, before the other pages the edit touches: whoever looks at it next
/// (a browser opening it, a script fetching it) has it as soon as it is ready.
#[test]
fn an_edited_notes_page_is_handed_over_first_with_no_page_open() {
    const NOTE: &str = "content/sessions/2026-01-21-sprint-1.md";
    const PAGE: &str = "sessions/2026-01-21-sprint-1/index.html";
    const LIST: &str = "sessions/index.html";
    let site = crate::site::Site::valid();
    let (mut preview, first) = Preview::open(site.root());
    assert!(first.ok, "{:?}", preview.errors());
    let titled = crate::site::SECOND.replacen(
        "date: 2026-01-21\n",
        "date: 2026-01-21\ntitle: Handed over first\n",
        1,
    );
    site.write(NOTE, &titled);
    let changes = change::classify(
        site.root(),
        preview.theme_name(),
        [site.path(NOTE).as_path()],
    );
    let mut early = None;
    let outcome = preview.apply_with(&changes, &std::collections::HashSet::new(), &mut |p| {
        let page = |path: &str| p.pages().get(path).map(|e| e.bytes.clone());
        early = Some((page(PAGE), page(LIST)));
    });
    assert!(outcome.ok, "{:?}", preview.errors());
    let (page, list) = early.expect("the edited note's page was handed over early");
    let shows = |bytes: Option<std::sync::Arc<[u8]>>| {
        String::from_utf8_lossy(&bytes.expect("the page exists")).contains("Handed over first")
    };
    assert!(
        shows(page),
        "the edited note's page, handed over early, shows the edit"
    );
    assert!(
        !shows(list),
        "the list of sessions comes in the second step, not with the edited page"
    );
    let clean = clean_render(site.root()).expect("the site builds");
    assert_eq!(
        preview.pages().to_map(),
        clean.into_iter().map(|(p, b)| (p, b.into())).collect()
    );
}

/// Random sequences of edits (one per seed, `steps` long) applied to a preview that
/// `open` makes, each step compared with a clean build; panics at the first difference.
fn edits_keep_the_preview_identical(
    open: &dyn Fn(&std::path::Path) -> (Preview, mentorlog::serve::rebuild::Outcome),
    seeds: std::ops::Range<u64>,
    steps: u64,
) {
    let sequences = seeds.end - seeds.start;
    let (mut partial_rebuilds, mut good_steps, mut failed_steps, mut warnings) = (0, 0, 0, 0);
    for seed in seeds {
        let dir = tempfile::tempdir().unwrap();
        let mut world = initial_world(dir.path(), seed);
        let (mut preview, _) = open(dir.path());
        let mut last_good: BTreeMap<String, Vec<u8>> = clean_render(dir.path()).unwrap_or_default();
        let mut failing = last_good.is_empty();
        for step in 0..steps {
            if failing && world.rng.chance(60) {
                world.repair();
            } else {
                world.edit();
            }
            let changes = world.changes(preview.theme_name());
            // Some pages are open in a browser: they are rendered first, and handed over
            // early; what is handed over must already be right.
            let served = preview.pages().to_map();
            let open = open_pages(&mut world, served.keys());
            let clean = clean_render(dir.path());
            let mut early: Vec<(String, Option<std::sync::Arc<[u8]>>)> = Vec::new();
            let outcome = preview.apply_with(&changes, &open, &mut |p| {
                early = open
                    .iter()
                    .map(|k| (k.clone(), p.pages().get(k).map(|e| e.bytes.clone())))
                    .collect();
                // With them, the pages of the notes just edited, open or not: every page
                // that the first step swapped in.
                for (path, bytes) in p.pages().to_map() {
                    if served.get(&path) != Some(&bytes) && !open.contains(&path) {
                        early.push((path, Some(bytes)));
                    }
                }
            });
            let context = || {
                format!(
                    "seed {seed}, step {step}; edits:\n  {}",
                    world.log.join("\n  ")
                )
            };
            let diagnostics = preview.diagnostics();
            let clean_diagnostics = clean_diagnostics(dir.path());
            if diagnostics != clean_diagnostics {
                let differ = diagnostics
                    .iter()
                    .zip(&clean_diagnostics)
                    .find(|(a, b)| a != b);
                panic!(
                    "the preview's diagnostics ({}) are not a fresh host's ({}); first difference:\n  preview: {:?}\n  clean:   {:?}\n{}",
                    diagnostics.len(),
                    clean_diagnostics.len(),
                    differ.map(|d| d.0),
                    differ.map(|d| d.1),
                    context()
                );
            }
            warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
            match clean {
                Ok(pages) => {
                    assert!(
                        outcome.ok,
                        "a clean build succeeds but the preview failed: {:?}\n{}",
                        preview.errors(),
                        context()
                    );
                    if !outcome.full {
                        partial_rebuilds += 1;
                    }
                    if let Some(diff) = first_difference(&preview.pages().to_map(), &pages) {
                        panic!("{diff}\n{}", context());
                    }
                    for (path, bytes) in &early {
                        assert_eq!(
                            bytes.as_deref(),
                            pages.get(path).map(Vec::as_slice),
                            "{path}, handed over early, is not the clean build's\n{}",
                            context()
                        );
                    }
                    good_steps += 1;
                    failing = false;
                    last_good = pages;
                }
                Err(errors) => {
                    assert!(
                        !outcome.ok,
                        "a clean build fails ({errors:?}) but the preview succeeded\n{}",
                        context()
                    );
                    assert!(!preview.errors().is_empty(), "{}", context());
                    failed_steps += 1;
                    failing = true;
                    if std::env::var_os("MENTORLOG_SERVE_DEBUG").is_some() {
                        eprintln!("{}: {}", errors[0].code, errors[0].message);
                    }
                    if !last_good.is_empty()
                        && let Some(diff) = first_difference(&preview.pages().to_map(), &last_good)
                    {
                        panic!(
                            "after a failed rebuild, not the last good site: {diff}\n{}",
                            context()
                        );
                    }
                }
            }
        }
    }
    eprintln!(
        "{sequences} sequences: {good_steps} edits built ({partial_rebuilds} incrementally), {failed_steps} kept the last good site; {warnings} warnings compared"
    );
    // The warnings' places are compared only if there are warnings.
    assert!(warnings > 0, "no warning was compared");
    // The test is about the incremental path: it must have been taken.
    assert!(
        partial_rebuilds > sequences,
        "only {partial_rebuilds} partial rebuilds"
    );
}
