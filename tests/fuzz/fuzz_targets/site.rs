//! A whole one-note site in memory: a fixed `mentorship.md` and the fuzzed session note,
//! through the analysis host (parse → link → lint), then for each audience restrict →
//! link → render, as `mentorlog build` does, without touching the disk. The mentorship
//! links a goal that the baseline session introduces: the baseline has no error at all.
//!
//! Never panics; every diagnostic points inside its file and renders; a session withheld
//! from an audience leaves no trace of its page (its slug) in that audience's pages; no
//! page gains a `<script>` or an event-handler attribute that the theme itself does not
//! write (front matter values are escaped, raw HTML is not passed through).

#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use mentorlog::analysis::{self, Host};
use mentorlog::audience::Audience;
use mentorlog::config::SiteConfig;
use mentorlog::content::load::{MentorshipFiles, SourceFile, decode};
use mentorlog::diagnostic::{Diagnostic, Sources};
use mentorlog::render::{self, Page, RenderSettings, Renderer};
use mentorlog::{history, lints};
use mentorlog_fuzz::{check_diagnostic, event_handlers, script_tags};

const MENTORSHIP: &str = "---
title: Fuzzed mentorship
mentee: The fuzz team
mentors:
  - name: Pat Mentor
    role: Staff engineer
members: [Quinn Member, Rae Member]
aims:
  - id: steady-releases
    text: Release every month
    area: process
started: 2026-01-01
visibility: public
default_visibility: team
review_every: 2
min_goals: 1
repo: https://github.com/example/fuzzed
tags: [fuzzing]
---
# The agreement

We meet every two weeks. The [latest note](sessions/2026-09-23-zqxfuzzslug.md) and a
[goal](goal:first-goal) are linked from here.
";

/// The session's file stem: its page's slug, and the trace a withheld session must not
/// leave.
const SLUG: &str = "zqxfuzzslug";
const SESSION_PATH: &str = "content/sessions/2026-09-23-zqxfuzzslug.md";
const SESSION_REL: &str = "sessions/2026-09-23-zqxfuzzslug.md";

/// A harmless session for the baseline render.
const BASELINE: &str = "---
date: 2026-09-23
title: Baseline
visibility: public
attendees: [Quinn Member]
goals:
  - id: first-goal
    text: Ship it
    owner: Quinn Member
---
Body.
";

struct Fixed {
    config: SiteConfig,
    renderer: Renderer,
    /// `<script …>` tags and event-handler attributes the theme writes by itself.
    baseline_scripts: Vec<String>,
    baseline_handlers: Vec<(String, String)>,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let config = SiteConfig {
            base_url: "https://example.org/log/".to_owned(),
            ..SiteConfig::default()
        };
        let mut sources = Sources::default();
        let renderer = Renderer::new(render::theme::builtin(), &config, &mut sources)
            .unwrap_or_else(|d| panic!("the built-in theme does not compile: {d:?}"));
        let mut fixed = Fixed {
            config,
            renderer,
            baseline_scripts: Vec::new(),
            baseline_handlers: Vec::new(),
        };
        let host = Host::from_memory(fixed.config.clone(), vec![files(Ok(BASELINE.to_owned()))]);
        let diagnostics = host.diagnostics();
        assert!(
            !diagnostics.iter().any(Diagnostic::is_error),
            "{diagnostics:?}"
        );
        for page in render_for(&fixed, host.log(), Audience::All) {
            if let Ok(html) = std::str::from_utf8(&page.bytes) {
                fixed
                    .baseline_scripts
                    .extend(script_tags(html).into_iter().map(str::to_owned));
                fixed.baseline_handlers.extend(event_handlers(html));
            }
        }
        fixed
    })
}

fn source(path: &str, rel: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_owned(),
        rel: PathBuf::from(rel),
        text: Arc::from(text),
    }
}

/// The files of the site, as `content::load` would give them.
fn files(session: Result<String, String>) -> MentorshipFiles {
    let mut group = MentorshipFiles {
        dir: PathBuf::new(),
        mentorship: Some(source("content/mentorship.md", "mentorship.md", MENTORSHIP)),
        sessions: Vec::new(),
        undecodable: Vec::new(),
    };
    match session {
        Ok(text) => group
            .sessions
            .push(source(SESSION_PATH, SESSION_REL, &text)),
        Err(lossy) => group
            .undecodable
            .push(source(SESSION_PATH, SESSION_REL, &lossy)),
    }
    group
}

fn render_for(fixed: &Fixed, log: &history::Log, audience: Audience) -> Vec<Page> {
    let settings = RenderSettings {
        audience,
        mark_withheld: audience == Audience::All,
    };
    let pages = std::sync::Mutex::new(Vec::new());
    let rendered = render::FullBuild::plan(log, &fixed.config, &fixed.renderer, &settings)
        .and_then(|build| {
            build.render_each(&|path, content| {
                let page = Page {
                    path: path.to_owned(),
                    bytes: content.into_bytes(),
                };
                pages.lock().unwrap().push(page);
                Ok(())
            })
        });
    if let Err(d) = rendered {
        // A template error on some input is a bug of the theme or its views.
        panic!("rendering failed for {}: {d:?}", audience.as_str());
    }
    let mut pages = pages.into_inner().unwrap();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}

fuzz_target!(|data: &[u8]| {
    let fixed = fixed();
    let (session, mut diagnostics) = match decode(SESSION_PATH, data.to_vec()) {
        Ok(text) => (Ok(text), Vec::new()),
        Err(d) => (
            Err(String::from_utf8_lossy(data).replace("\r\n", "\n")),
            vec![d],
        ),
    };
    let session_text = match &session {
        Ok(t) | Err(t) => t.clone(),
    };
    let mut sources = Sources::default();
    sources.insert("content/mentorship.md", Arc::from(MENTORSHIP));
    sources.insert(SESSION_PATH, Arc::from(session_text.as_str()));

    // check: the analysis host (parse, link, lint), as `mentorlog check` runs it; the lints
    // once more whatever the errors, to find their panics on any input.
    let host = Host::from_memory(fixed.config.clone(), vec![files(session)]);
    let docs = host.docs();
    diagnostics.extend(host.diagnostics());
    for (doc, m) in docs.iter().zip(&host.log().mentorships) {
        diagnostics.extend(lints::lint_mentorship(doc, m).iter().map(|l| l.placed(doc)));
    }
    for d in &diagnostics {
        match d.path.as_str() {
            "content/mentorship.md" => check_diagnostic(d, MENTORSHIP, &sources),
            SESSION_PATH => check_diagnostic(d, &session_text, &sources),
            other => panic!("a diagnostic for a file that does not exist: {other}: {d:?}"),
        }
    }

    // build: for each audience, restrict, link what is left, render.
    for audience in [Audience::Public, Audience::Team, Audience::All] {
        let (log, withheld) = analysis::restricted(docs, audience);
        let pages = render_for(fixed, &log, audience);
        for page in &pages {
            if withheld.total() > 0 {
                assert!(
                    !page.path.contains(SLUG)
                        && !String::from_utf8_lossy(&page.bytes).contains(SLUG),
                    "the withheld session leaves a trace in `{}` of the {} build",
                    page.path,
                    audience.as_str()
                );
            }
            if !page.path.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8_lossy(&page.bytes);
            for tag in script_tags(&html) {
                assert!(
                    fixed.baseline_scripts.iter().any(|b| b == tag),
                    "`{tag}` in {} of the {} build",
                    page.path,
                    audience.as_str()
                );
            }
            for handler in event_handlers(&html) {
                assert!(
                    fixed.baseline_handlers.contains(&handler),
                    "an event handler {handler:?} in {} of the {} build",
                    page.path,
                    audience.as_str()
                );
            }
        }
    }
});
