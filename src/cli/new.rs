//! `mentorlog new`: write the next session's note, pre-filled, carrying every open goal
//! forward (the thing retrospective tools' users ask for most: nothing forgotten).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use mentorlog::content::doc::{Impact, Owner};
use mentorlog::content::markdown::slug;
use mentorlog::date::Date;
use mentorlog::history::Mentorship;

use super::{Global, print_diagnostics};

/// Flags of `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The mentorship's folder (needed when the site has several), e.g. `content/team-a`.
    #[arg(long, value_name = "DIR")]
    pub mentorship: Option<PathBuf>,
    /// The session's date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// The session's title (default: "After sprint N", or "Session N").
    #[arg(long)]
    pub title: Option<String>,
    /// Open the new note in $VISUAL or $EDITOR.
    #[arg(long)]
    pub edit: bool,
}

/// Runs `new`.
pub fn run(args: &NewArgs, global: &Global) -> ExitCode {
    let checked = mentorlog::check(&global.root);
    if checked.has_errors() {
        print_diagnostics(&checked.diagnostics, &checked.sources, global);
        eprintln!("error: fix the problems above before adding a session");
        return ExitCode::from(1);
    }
    let Some((index, dir)) = pick_mentorship(&checked, args.mentorship.as_deref(), &global.root)
    else {
        return ExitCode::from(1);
    };
    let m = &checked.log.mentorships[index];
    let date = args.date.unwrap_or_else(Date::today);
    let (title, text) = note(m, date, args.title.as_deref());
    let folder = m
        .sessions
        .last()
        .and_then(|s| global.root.join(&s.source).parent().map(Path::to_path_buf))
        .unwrap_or_else(|| global.root.join("content").join(&dir).join("sessions"));
    let name = format!("{date}-{}.md", slug(&title));
    let path = folder.join(&name);
    if let Err(e) = super::create_new_file(&path, &text) {
        eprintln!("error: cannot write `{}`: {e}", super::shown(&path));
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            eprintln!(
                "  = hint: a note of that name exists; pass --title or --date to make another"
            );
        }
        return ExitCode::from(1);
    }
    println!("{}", super::shown(&path));
    if args.edit {
        let editor = std::env::var("VISUAL")
            .or_else(|_| std::env::var("EDITOR"))
            .unwrap_or_else(|_| "vi".to_owned());
        let status = std::process::Command::new(&editor).arg(&path).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!(
                "warning: the editor `{editor}` did not finish cleanly; the note is at {}",
                super::shown(&path)
            );
        }
    }
    ExitCode::SUCCESS
}

fn pick_mentorship(
    checked: &mentorlog::Checked,
    wanted: Option<&Path>,
    root: &Path,
) -> Option<(usize, PathBuf)> {
    let dirs: Vec<PathBuf> = checked.docs.iter().map(|d| d.dir.clone()).collect();
    match wanted {
        Some(w) => {
            let w = w.strip_prefix(root).unwrap_or(w);
            let w = w.strip_prefix("content").unwrap_or(w);
            let found = dirs.iter().position(|d| d == w);
            if found.is_none() {
                eprintln!(
                    "error: `{}` is not a mentorship folder; the site has:",
                    super::shown(w)
                );
                for d in &dirs {
                    eprintln!("  content/{}", super::shown(d));
                }
            }
            found.map(|i| (i, dirs[i].clone()))
        }
        None if dirs.len() == 1 => Some((0, dirs[0].clone())),
        None => {
            eprintln!(
                "error: the site has {} mentorships; say which with --mentorship:",
                dirs.len()
            );
            for d in &dirs {
                eprintln!("  --mentorship content/{}", super::shown(d));
            }
            None
        }
    }
}

/// The title and text of the next session of `m`.
#[must_use]
// Long on purpose: writes the new note top to bottom, in the order it reads.
pub fn note(m: &Mentorship, date: Date, title: Option<&str>) -> (String, String) {
    let last = m.sessions.last();
    let number = m.sessions.len() + 1;
    let sprint = last
        .and_then(|s| s.front.sprint.as_ref()?.number())
        .map(|n| n + 1);
    let title = title.map_or_else(
        || {
            sprint.map_or_else(
                || format!("Session {number}"),
                |n| format!("After sprint {n}"),
            )
        },
        str::to_owned,
    );
    let mut t = String::from("---\n");
    let _ = writeln!(t, "date: {date}");
    let _ = writeln!(t, "title: {}", yaml_str(&title));
    t.push_str("kind: mentoring             # kickoff | mentoring | review | closing\n");
    if let Some(n) = sprint {
        let _ = writeln!(t, "sprint: {n}");
    }
    let _ = writeln!(
        t,
        "visibility: {}       # public | team | confidential",
        last.map_or(m.front.default_visibility, |s| s.visibility)
            .as_str()
    );
    let attendees = last
        .map(|s| s.front.attendees.clone())
        .unwrap_or_else(|| m.front.members.clone());
    let _ = writeln!(
        t,
        "attendees: [{}]",
        attendees
            .iter()
            .map(|a| yaml_str(a))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mentors: Vec<String> = m.front.mentors.iter().map(|x| yaml_str(&x.name)).collect();
    let _ = writeln!(t, "mentors: [{}]", mentors.join(", "));
    t.push_str("strengths: []\n");
    t.push_str("weaknesses: []              # in priority order, highest impact first\n");
    let high: Vec<_> = last
        .map(|s| {
            s.front
                .weaknesses
                .iter()
                .filter(|w| w.impact == Some(Impact::High))
                .collect()
        })
        .unwrap_or_default();
    if !high.is_empty() {
        t.push_str(
            "# Last session's high-impact weaknesses. Still true? Uncomment, re-rank or drop:\n",
        );
        for w in high {
            match &w.id {
                Some(id) => {
                    let _ = writeln!(
                        t,
                        "#  - id: {id}\n#    text: {}\n#    impact: high",
                        yaml_str(&w.text)
                    );
                }
                None => {
                    let _ = writeln!(t, "#  - text: {}\n#    impact: high", yaml_str(&w.text));
                }
            }
        }
    }
    t.push_str("questions: []               # what to ask the mentor\n");
    // The same open questions as the agenda page (`/next/`).
    let questions = m.open_questions();
    if !questions.is_empty() {
        t.push_str("# Raised before and not answered yet. Ask again (uncomment); once answered, add `answered: true` or an `answer`:\n");
        for q in questions {
            let _ = writeln!(t, "#  - text: {}", yaml_str(&one_line(q.text)));
        }
    }
    // The same goals, in the same order, as the agenda page: one derivation for both.
    let open = m.carried_forward();
    if open.is_empty() {
        t.push_str("goals: []\n# Agree at least three goals:\n#  - id: a-slug\n#    text: What will be better\n#    owner: Who drives it\n#    due: sprint N\n#    measure: How you will know\n");
    } else {
        t.push_str("goals:\n  # Every goal still open, carried forward: update its status, health, owner and note.\n");
        for g in open {
            let overdue = match (&g.due, g.overdue) {
                (Some(due), true) => format!(" (overdue: due {due})"),
                _ => String::new(),
            };
            let _ = writeln!(t, "  - id: {}   # {}{overdue}", g.id, one_line(&g.text));
            let _ = writeln!(
                t,
                "    status: {}   # proposed | active | blocked | achieved | partial | missed | dropped | superseded",
                g.status.as_str()
            );
            // The owners as the notes last wrote them: a name, or a list of names.
            match g.owner.as_deref() {
                Some(Owner::One(name)) if !name.trim().is_empty() => {
                    let _ = writeln!(t, "    owner: {}", yaml_str(name));
                }
                Some(Owner::Several(names)) if !names.is_empty() => {
                    let names: Vec<String> = names.iter().map(|n| yaml_str(n)).collect();
                    let _ = writeln!(t, "    owner: [{}]", names.join(", "));
                }
                _ => {}
            }
            if let Some(h) = g.health {
                let h = serde_json::to_value(h)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let _ = writeln!(t, "    health: {h}   # on-track | at-risk | off-track");
            }
        }
    }
    t.push_str("backlog: []\n");
    if let Some(due) = m.reflection_due() {
        let _ = writeln!(
            t,
            "# It has been {} sessions without a reflection on the mentorship (review_every: {}):\n# reflection: How is the mentorship going?\n# direction: continue   # continue | reorient | sunset",
            due.since, due.every
        );
    }
    if let Some(last) = last {
        let _ = writeln!(
            t,
            "---\n## Notes\n\nFollowing [{}]({}.md).",
            last.title.replace(['[', ']'], ""),
            last.slug_file()
        );
    } else {
        t.push_str("---\n## Notes\n\n");
    }
    (title, t)
}

trait SlugFile {
    fn slug_file(&self) -> String;
}

impl SlugFile for mentorlog::history::Session {
    /// The note's file name without `.md`.
    fn slug_file(&self) -> String {
        Path::new(&self.source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML scalar for `s`: plain when safe, double-quoted otherwise.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['[', ']', '{', '}', ',', '\n'])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "~" | "on" | "off"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}
