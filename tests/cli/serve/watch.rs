//! The real watcher with editors' save patterns: each save is one rebuild, and the page
//! served afterwards is the clean build's.

use std::fs;
use std::path::Path;
use std::time::Duration;

use mentorlog::serve::rebuild::clean_render;
use mentorlog::serve::watch::{QUIET, QUIET_AFTER_SAVE, TICK};

use super::server::{Server, without_script};
use crate::site::{SECOND, Site};

const NOTE: &str = "content/sessions/2026-01-21-sprint-1.md";
const PAGE: &str = "/sessions/2026-01-21-sprint-1/";
const PAGE_FILE: &str = "sessions/2026-01-21-sprint-1/index.html";

/// How long to watch for a second rebuild that must not come.
const SETTLE: Duration = Duration::from_millis(700);

fn with_marker(marker: &str) -> String {
    format!("{SECOND}\nEdited: {marker}.\n")
}

type Save = fn(dir: &Path, note: &Path, text: &str);

/// A pattern that writes the note many times over, closing it after each write: each
/// write is a save of its own.
const REWRITES: &str = "a burst of writes";

/// The ways editors write a file.
const PATTERNS: &[(&str, Save)] = &[
    ("write in place (VS Code, nano)", |_, note, text| {
        fs::write(note, text).unwrap();
    }),
    (
        "write a temp file and rename it over (Sublime, gedit, atomic writers)",
        |dir, note, text| {
            let tmp = dir.join(".goutputstream-XYZ123");
            fs::write(&tmp, text).unwrap();
            fs::rename(&tmp, note).unwrap();
        },
    ),
    (
        "probe, rename to a backup, write, delete the backup (Vim)",
        |dir, note, text| {
            let probe = dir.join("4913");
            fs::write(&probe, "").unwrap();
            fs::remove_file(&probe).unwrap();
            let backup = note.with_extension("md~");
            fs::rename(note, &backup).unwrap();
            fs::write(note, text).unwrap();
            fs::remove_file(&backup).unwrap();
        },
    ),
    (
        "safe write via tmp and old copies (JetBrains)",
        |_, note, text| {
            let name = note.file_name().unwrap().to_string_lossy().into_owned();
            let tmp = note.with_file_name(format!("{name}___jb_tmp___"));
            let old = note.with_file_name(format!("{name}___jb_old___"));
            fs::write(&tmp, text).unwrap();
            fs::rename(note, &old).unwrap();
            fs::rename(&tmp, note).unwrap();
            fs::remove_file(&old).unwrap();
        },
    ),
    (
        "backup copy, lock and autosave files around the write (Emacs)",
        |dir, note, text| {
            let name = note.file_name().unwrap().to_string_lossy().into_owned();
            let lock = dir.join(format!(".#{name}"));
            let autosave = dir.join(format!("#{name}#"));
            fs::write(&lock, "user@host.1234").unwrap();
            fs::write(&autosave, text).unwrap();
            fs::copy(note, note.with_extension("md~")).unwrap();
            fs::write(note, text).unwrap();
            fs::remove_file(&autosave).unwrap();
            fs::remove_file(&lock).unwrap();
        },
    ),
    (
        "swap files written while the note is saved (Vim)",
        |dir, note, text| {
            let name = note.file_name().unwrap().to_string_lossy().into_owned();
            let swp = dir.join(format!(".{name}.swp"));
            let swx = dir.join(format!(".{name}.swx"));
            fs::write(&swp, "b0VIM 9.0").unwrap();
            fs::write(&swx, "b0VIM 9.0").unwrap();
            fs::remove_file(&swx).unwrap();
            fs::write(note, text).unwrap();
            fs::write(&swp, "b0VIM 9.0 again").unwrap();
            fs::remove_file(&swp).unwrap();
        },
    ),
    (REWRITES, |_, note, text| {
        for i in 0..20 {
            fs::write(note, format!("{text}\n{}\n", "x".repeat(i))).unwrap();
        }
        fs::write(note, text).unwrap();
    }),
];

#[test]
fn editor_save_patterns_each_give_one_rebuild_and_the_right_page() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let dir = site.path("content/sessions");
    let note = site.path(NOTE);
    for (i, (name, save)) in PATTERNS.iter().enumerate() {
        let before = server.rebuilds();
        let marker = format!("marker-{i}");
        let started = std::time::Instant::now();
        save(&dir, &note, &with_marker(&marker));
        let took = started.elapsed();
        server.wait_for(name, |s| s["rebuilds"].as_u64() > Some(before));
        std::thread::sleep(SETTLE);
        let status = server.status();
        // A save takes a millisecond or two. On a loaded machine the scheduler can stretch
        // it past the watcher's quiet period, and then it is rightly seen as two bursts or
        // more (events come out on the debouncer's ticks: a pause longer than QUIET - TICK
        // inside the save ends a burst); a save that went through at its normal pace is
        // exactly one rebuild. Between two saves of the note (each write closed), the
        // burst ends sooner: after QUIET_AFTER_SAVE.
        let quiet = if *name == REWRITES {
            QUIET_AFTER_SAVE
        } else {
            QUIET
        };
        let split = (quiet - TICK).as_micros();
        let bursts = 1 + u64::try_from(took.as_micros() / split).unwrap_or(0);
        let rebuilds = status["rebuilds"].as_u64().unwrap_or(0) - before;
        assert!(
            (1..=bursts).contains(&rebuilds),
            "{name}: one save, one rebuild (took {took:?}, {rebuilds} rebuilds)\n{}",
            server.stdout()
        );
        assert_eq!(
            status["errors"].as_array().map(Vec::len),
            Some(0),
            "{name}: {status}"
        );
        let page = server.get(PAGE).text();
        assert!(page.contains(&marker), "{name}: the page shows the edit");
        let clean = clean_render(site.root()).expect("the site builds");
        assert_eq!(
            without_script(&page).as_bytes(),
            clean[PAGE_FILE].as_slice(),
            "{name}: the page is the clean build's"
        );
        // Left behind by some patterns; a dropping, never a note.
        let _ = fs::remove_file(note.with_extension("md~"));
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn droppings_alone_rebuild_nothing() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let dir = site.path("content/sessions");
    std::thread::sleep(Duration::from_millis(200));
    let before = server.rebuilds();
    fs::write(dir.join(".2026-01-21-sprint-1.md.swp"), "swap").unwrap();
    fs::write(dir.join(".2026-01-21-sprint-1.md.swx"), "swap").unwrap();
    fs::write(dir.join("4913"), "").unwrap();
    fs::remove_file(dir.join("4913")).unwrap();
    fs::write(dir.join("#2026-01-21-sprint-1.md#"), "autosave").unwrap();
    fs::write(dir.join("2026-01-21-sprint-1.md~"), "backup").unwrap();
    fs::write(site.path("notes.txt"), "not part of the site").unwrap();
    fs::create_dir_all(site.path("public")).unwrap();
    fs::write(site.path("public/index.html"), "an old build").unwrap();
    std::thread::sleep(SETTLE);
    assert_eq!(server.rebuilds(), before, "{}", server.stdout());
}

#[test]
fn templates_static_files_and_config_are_watched() {
    let site = Site::valid();
    let server = Server::start(site.root(), &["--quiet"]);
    let mut rebuilds = server.rebuilds();
    let mut next = |what: &str| {
        server.wait_for(what, |s| s["rebuilds"].as_u64() > Some(rebuilds));
        rebuilds = server.rebuilds();
    };
    // A template override created in a folder that did not exist when serve started.
    let page = |text: &str| format!("<!DOCTYPE html>\n<html><body><p>{text}</p></body></html>\n");
    site.write("templates/404.html", page("OVERRIDDEN"));
    next("a new template");
    assert!(server.get("/nope/").text().contains("OVERRIDDEN"));
    // A new folder is watched from then on: a second edit in it is seen too.
    site.write("templates/404.html", page("AGAIN"));
    next("an edited template");
    assert!(server.get("/nope/").text().contains("AGAIN"));

    site.write("static/extra.css", "p { color: teal }\n");
    next("a new static file");
    assert_eq!(server.get("/extra.css").text(), "p { color: teal }\n");

    // An editor that replaces the config file (write elsewhere, rename over it).
    fs::write(
        site.path(".mentorlog.toml.tmp"),
        "title = \"Renamed log\"\n",
    )
    .unwrap();
    fs::rename(
        site.path(".mentorlog.toml.tmp"),
        site.path("mentorlog.toml"),
    )
    .unwrap();
    next("the config");
    assert!(server.get("/").text().contains("Renamed log"));
    let clean = clean_render(site.root()).unwrap();
    assert_eq!(
        without_script(&server.get("/").text()).as_bytes(),
        clean["index.html"].as_slice()
    );
    // `--quiet` silences the per-rebuild lines.
    assert!(!server.stdout().contains("Rebuilt"), "{}", server.stdout());
}

#[test]
fn notes_added_renamed_and_removed_are_seen() {
    let site = Site::valid();
    let server = Server::start(site.root(), &[]);
    let mut rebuilds = server.rebuilds();
    let mut next = |what: &str| {
        server.wait_for(what, |s| s["rebuilds"].as_u64() > Some(rebuilds));
        rebuilds = server.rebuilds();
    };
    let third = "---\ndate: 2026-02-04\nsprint: 2\ngoals:\n  - id: small-prs\n    status: achieved\n---\nA third meeting.\n";
    site.write("content/sessions/2026-02-04-sprint-2.md", third);
    next("a new note");
    assert_eq!(server.get("/sessions/2026-02-04-sprint-2/").status, 200);
    // A new folder of notes.
    fs::create_dir_all(site.path("content/sessions/2026")).unwrap();
    fs::rename(
        site.path("content/sessions/2026-02-04-sprint-2.md"),
        site.path("content/sessions/2026/2026-02-04-sprint-2.md"),
    )
    .unwrap();
    next("a note moved into a new folder");
    let status = server.wait_for("a settled site", |s| {
        s["errors"].as_array().is_some_and(Vec::is_empty)
    });
    assert!(status["has_site"] == true);
    let clean = clean_render(site.root()).unwrap();
    for (path, bytes) in &clean {
        let r = server.get(&format!("/{path}"));
        assert_eq!(r.status, 200, "{path}");
        let served = if path.ends_with(".html") {
            without_script(&r.text()).into_bytes()
        } else {
            r.body.clone()
        };
        assert_eq!(&served, bytes, "{path} is the clean build's");
    }
    fs::remove_dir_all(site.path("content/sessions/2026")).unwrap();
    next("a folder removed");
    assert_eq!(server.get("/sessions/2026-02-04-sprint-2/").status, 404);
}

#[test]
fn polling_sees_changes_too() {
    let site = Site::valid();
    let server = Server::start(site.root(), &["--poll"]);
    std::thread::sleep(Duration::from_millis(300));
    site.write(NOTE, with_marker("polled"));
    server.wait_for("a polled change", |s| s["rebuilds"].as_u64() >= Some(1));
    assert!(server.get(PAGE).text().contains("polled"));
}
