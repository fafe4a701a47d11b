//! A small builder that writes a site into a temp dir and runs the real binary on it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub const MENTORSHIP: &str = "---
title: Mentoring the Otters
mentee: Team Otter
mentors:
  - name: Ada Mentor
    role: lead mentor
members: [Bo Member, Cy Member]
started: 2026-01-05
default_visibility: public
repo: https://example.org/otters/app
---
We meet every two weeks.
";

pub const KICKOFF: &str = "---
date: 2026-01-07
title: Kickoff
kind: kickoff
attendees: [Bo Member, Cy Member]
weaknesses:
  - id: slow-reviews
    text: Reviews take a week
    impact: high
goals:
  - id: fast-reviews
    text: Review every pull request within a day
    owner: Bo Member
    due: 2026-02-01
    measure: median review time under 24 h
    addresses: [slow-reviews]
---
First meeting.
";

pub const SECOND: &str = "---
date: 2026-01-21
sprint: 1
attendees: [Bo Member]
weaknesses:
  - id: slow-reviews
    text: Reviews still take days
    impact: high
goals:
  - id: fast-reviews
    status: active
    health: at-risk
  - id: small-prs
    text: Keep pull requests under 300 lines
    owner: Cy Member
    due: sprint 3
    measure: 9 in 10 merged pull requests under 300 changed lines
  - id: pairing
    text: Pair on the parser every Friday
    owner: Cy Member
    due: 2026-03-01
    measure: four pairing sessions logged
questions:
  - How do other teams keep reviews fast?
backlog:
  - item: \"#12\"
    change: added
    after: must
    goal: small-prs
---
See [the kickoff](2026-01-07-kickoff.md) and [fast reviews](goal:fast-reviews).
";

/// A site in a temp dir.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A valid site: a mentorship and two sessions.
    pub fn valid() -> Self {
        let site = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        site.write("content/mentorship.md", MENTORSHIP);
        site.write("content/sessions/2026-01-07-kickoff.md", KICKOFF);
        site.write("content/sessions/2026-01-21-sprint-1.md", SECOND);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("mentorlog")
            .unwrap()
            .arg("--root")
            .arg(self.root())
            .arg("--color")
            .arg("never")
            .args(args)
            .output()
            .unwrap()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Every file under `rel`, with its text.
    pub fn files(&self, rel: &str) -> Vec<(String, String)> {
        walkdir(self.path(rel))
    }
}

fn walkdir(dir: PathBuf) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
                out.push((
                    rel,
                    String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
                ));
            }
        }
    }
    out.sort();
    out
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Copies the folder `from` (a fixture, the example log) to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}
